package dev.pushregistry.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.sending.PushMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The APNs payload and the size rules of a message. */
class PushPayloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aVisiblePushPutsWordsInTheAlertAndDataBesideAps() throws Exception {
        PushMessage message = PushMessage.builder().title("T").body("B").badge(0).sound("s").threadId("t")
                .category("c").imageUrl("https://x.example/i.png").deepLink("app://x").data(Map.of("k", "v")).build();

        JsonNode payload = JSON.readTree(PushPayloads.apnsPayload(message));

        assertEquals("T", payload.at("/aps/alert/title").asText());
        assertEquals("B", payload.at("/aps/alert/body").asText());
        assertEquals(0, payload.at("/aps/badge").asInt());
        assertEquals(1, payload.at("/aps/mutable-content").asInt());
        assertEquals("v", payload.get("k").asText());
        assertEquals("app://x", payload.get("deep_link").asText());
        assertFalse(payload.get("aps").has("content-available"));
    }

    @Test
    void aBackgroundPushCarriesNoAlertSoundOrBadge() throws Exception {
        PushMessage message = PushMessage.builder().background(true).title("ignored").badge(3).sound("s").build();

        JsonNode aps = JSON.readTree(PushPayloads.apnsPayload(message)).get("aps");

        assertEquals(1, aps.get("content-available").asInt());
        assertFalse(aps.has("alert") || aps.has("badge") || aps.has("sound"));
    }

    @Test
    void aMessageJustUnderTheLimitIsAcceptedAndOneByteMoreIsNot() {
        PushMessage empty = PushMessage.builder().body("").title("t").build();
        int overhead = Math.max(PushPayloads.apnsPayload(empty).length(), PushPayloads.fcmPayloadBytes(empty));
        String fits = "b".repeat(PushMessage.MAX_PAYLOAD_BYTES - overhead);
        PushMessage largest = PushMessage.builder().title("t").body(fits).build();
        assertEquals(PushMessage.MAX_PAYLOAD_BYTES,
                Math.max(PushPayloads.apnsPayload(largest).length(), PushPayloads.fcmPayloadBytes(largest)));

        RegistryException tooLarge = assertThrows(RegistryException.class,
                () -> PushPayloads.requireFits(PushMessage.builder().title("t").body(fits + "b").build()));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.code());
        assertTrue(PushPayloads.fcmPayloadBytes(largest) <= PushMessage.MAX_PAYLOAD_BYTES);
        assertEquals(largest, PushPayloads.requireFits(largest));
    }

    @Test
    void multiByteCharactersCountAsTheBytesTheyEncodeTo() {
        String euros = "€".repeat(1400);
        RegistryException tooLarge = assertThrows(RegistryException.class,
                () -> PushPayloads.requireFits(PushMessage.builder().title("t").body(euros).build()));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.code());
    }
}
