package dev.pushregistry.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.sending.LiveActivityPush;
import dev.pushregistry.core.sending.Priority;
import dev.pushregistry.core.sending.PushMessage;
import dev.pushregistry.core.sending.SendRequest;
import dev.pushregistry.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

    @Test
    void aLiveActivityUpdateNeedsNoMessageGoesAtPriorityFiveAndComesBackTheSame() {
        SendRequest request = parse("{\"request_id\":\"order-77-picked-up\",\"person_id\":\"cust-42\","
                + "\"live_activity\":{\"event\":\"update\",\"activity_id\":\"order-77\","
                + "\"content_state\":{\"status\":\"picked_up\",\"eta\":\"2026-12-05T18:40:00Z\"},"
                + "\"stale_date\":\"2026-12-05T19:00:00Z\",\"relevance_score\":50}}");

        LiveActivityPush push = request.message().liveActivity().orElseThrow();
        assertEquals(LiveActivityPush.Event.UPDATE, push.event());
        assertEquals(Optional.of("order-77"), push.activityId());
        assertEquals(Optional.of(Instant.parse("2026-12-05T19:00:00Z")), push.staleDate());
        assertEquals(Optional.of(50.0), push.relevanceScore());
        assertEquals(Priority.NORMAL, request.message().priority(), "no alert: priority 5");
        ObjectNode written = SendRequestFormat.json(request);
        assertEquals("update", written.get("live_activity").get("event").asText(), "top level, as the contract has it");
        assertEquals(false, written.get("message").has("live_activity"));
        SendRequest again = SendRequestFormat.parse(written, APPS, () -> "unused");
        assertEquals(request.message().fingerprint(), again.message().fingerprint());
        PushMessage accepted = request.acceptedAt(Instant.parse("2026-12-05T18:00:00Z")).message();
        assertEquals(accepted, SendRequestFormat.message(SendRequestFormat.messageJson(accepted)),
                "with its timestamp, as a delivery message carries it");
        assertEquals(1796493600L, Json.parseObject(PushPayloads.apnsPayload(accepted)).get("aps").get("timestamp").asLong());
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"event\":\"pause\",\"activity_id\":\"a\"}                                  | INVALID_JSON  | live_activity.event",
        "{\"event\":\"update\",\"activity_id\":\"a\"}                                 | MISSING_FIELD | live_activity.content_state",
        "{\"event\":\"end\"}                                                          | MISSING_FIELD | live_activity.activity_id",
        "{\"event\":\"start\",\"activity_type\":\"Delivery\",\"content_state\":{}}       | MISSING_FIELD | live_activity.attributes",
        "{\"event\":\"update\",\"activity_id\":\"a\",\"content_state\":{},\"dismissal_date\":\"2026-12-05T19:00:00Z\"} | INVALID_JSON | live_activity.dismissal_date",
        "{\"event\":\"end\",\"activity_id\":\"a/b\"}                                   | INVALID_JSON  | live_activity.activity_id",
        "{\"event\":\"end\",\"activity_id\":\"a\",\"stale_date\":\"tomorrow\"}            | INVALID_JSON  | live_activity.stale_date"})
    void aWrongLiveActivityIsRefusedByName(String liveActivity, ErrorCode code, String field) {
        RegistryException refused = assertThrows(RegistryException.class,
                () -> parse("{\"person_id\":\"ann\",\"live_activity\":" + liveActivity + "}"));

        assertEquals(code, refused.code(), refused.getMessage());
        assertEquals(field, refused.field(), refused.getMessage());
    }

    @Test
    void aLiveActivityStartNeedsAMessageWithATitleAndAPayloadOver4KbIsABadRequest() {
        String start = "\"live_activity\":{\"event\":\"start\",\"activity_type\":\"DeliveryAttributes\","
                + "\"attributes\":{\"order\":\"77\"},\"content_state\":{\"status\":\"%s\"}}";

        assertEquals("message", assertThrows(RegistryException.class,
                () -> parse("{\"person_id\":\"ann\"," + String.format(start, "placed") + "}")).field());
        assertEquals("message.title", assertThrows(RegistryException.class,
                () -> parse("{\"person_id\":\"ann\"," + String.format(start, "placed") + ",\"message\":{\"body\":\"x\"}}"))
                .field());
        assertEquals(ErrorCode.INVALID_JSON, assertThrows(RegistryException.class,
                () -> parse("{\"person_id\":\"ann\"," + String.format(start, "x".repeat(4000))
                        + ",\"message\":{\"title\":\"Ordered\"}}")).code());
        assertEquals(Priority.HIGH, parse("{\"person_id\":\"ann\"," + String.format(start, "placed")
                + ",\"message\":{\"title\":\"Ordered\"}}").message().priority(), "an alert: priority 10");
    }
}
