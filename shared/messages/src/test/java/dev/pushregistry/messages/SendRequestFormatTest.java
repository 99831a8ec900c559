package dev.pushregistry.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.sending.SendRequest;
import dev.pushregistry.json.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A send request as the queue and {@code POST /v1/sends} carry it: what is read, what is refused
 * (naming the field), and that what dispatch writes back reads as the same request.
 */
class SendRequestFormatTest {
    private static final Apps APPS = Apps.of("main", "other");

    private static SendRequest parse(String json) {
        return SendRequestFormat.parse(Json.parseObject(json), APPS, () -> "generated");
    }

    @Test
    void aFullRequestIsReadAndWrittenBackAsTheSameRequest() {
        SendRequest request = parse("{\"request_id\":\"r-1\",\"person_ids\":[\"ann\",\"bob\"],\"target\":\"all\","
                + "\"platforms\":[\"ios\"],\"apps\":[\"other\"],\"transactional\":true,"
                + "\"message\":{\"title\":\"Hi\",\"body\":\"there\",\"data\":{\"k\":\"v\"}}}");

        assertEquals("r-1", request.requestId());
        assertEquals(List.of("ann", "bob"), request.personIds());
        assertEquals(Set.of(Platform.IOS), request.platforms());
        assertEquals(Set.of("other"), request.apps());
        assertEquals(true, request.transactional());
        SendRequest again = SendRequestFormat.parse(SendRequestFormat.json(request), APPS, () -> "unused");
        assertEquals(SendRequestFormat.json(request), SendRequestFormat.json(again));
        assertEquals(request.message().fingerprint(), again.message().fingerprint());
    }

    @Test
    void aRequestWithoutAnIdIsGivenOne() {
        assertEquals("generated", parse("{\"person_id\":\"ann\",\"message\":{\"title\":\"Hi\"}}").requestId());
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"person_id\":\"ann\"}                                                       | MISSING_FIELD | message",
        "{\"person_id\":\"ann\",\"person_ids\":[\"bob\"],\"message\":{\"title\":\"Hi\"}} | INVALID_JSON  | person_ids",
        "{\"person_ids\":[],\"message\":{\"title\":\"Hi\"}}                             | MISSING_FIELD | person_ids",
        "{\"person_id\":\"ann\",\"platforms\":[\"web\"],\"message\":{\"title\":\"Hi\"}}  | INVALID_PLATFORM | platforms",
        "{\"person_id\":\"ann\",\"apps\":[\"elsewhere\"],\"message\":{\"title\":\"Hi\"}} | INVALID_APP   | apps",
        "{\"person_id\":\"ann\",\"target\":\"some\",\"message\":{\"title\":\"Hi\"}}      | INVALID_JSON  | target"})
    void aWrongFieldIsRefusedByName(String json, ErrorCode code, String field) {
        RegistryException refused = assertThrows(RegistryException.class, () -> parse(json));

        assertEquals(code, refused.code(), refused.getMessage());
        assertEquals(field, refused.field(), refused.getMessage());
    }
}
