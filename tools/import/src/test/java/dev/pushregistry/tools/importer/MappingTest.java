package dev.pushregistry.tools.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each export format's row as the devices the import endpoint takes. */
class MappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FALLBACK = Instant.parse("2026-11-01T00:00:00Z");

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void theRegistrysOwnCsvColumnsBecomeFieldsAndAttributes() throws Exception {
        JsonNode row = json("{\"token\":\"t1\",\"platform\":\"ios\",\"person_id\":\"\",\"push_enabled\":\"false\","
                + "\"attributes.app_version\":\"2.0\",\"attributes.locale\":\"\",\"last_used\":\"2026-11-20T10:00:00Z\"}");
        JsonNode device = Mapping.REGISTRY.devices(row, new Mapping.Defaults("shop", null, null, FALLBACK, false)).get(0);
        assertEquals(json("{\"token\":\"t1\",\"platform\":\"ios\",\"push_enabled\":false,"
                + "\"attributes\":{\"app_version\":\"2.0\"},\"last_used\":\"2026-11-20T10:00:00Z\",\"app_id\":\"shop\"}"), device);
    }

    @Test
    void anSnsEndpointIsATokenOfTheApplicationsPlatform() throws Exception {
        JsonNode endpoint = json("{\"EndpointArn\":\"arn:aws:sns:eu-central-1:123456789012:endpoint/APNS/app/1\","
                + "\"Attributes\":{\"Token\":\"abc\",\"Enabled\":\"false\",\"CustomUserData\":\"cust-9\"}}");
        Mapping.Defaults defaults = new Mapping.Defaults(null, "ios", "development", FALLBACK, true);
        assertEquals(json("{\"token\":\"abc\",\"push_enabled\":false,\"person_id\":\"cust-9\",\"platform\":\"ios\","
                + "\"apns_environment\":\"development\",\"last_used\":\"2026-11-01T00:00:00Z\"}"),
                Mapping.SNS.devices(endpoint, defaults).get(0));
        assertEquals(false, Mapping.SNS.devices(endpoint, new Mapping.Defaults(null, "ios", null, FALLBACK, false))
                .get(0).has("person_id"), "CustomUserData is an owner only when told so");
    }

    @Test
    void aBrazeUserIsOneDevicePerPushTokenLastUsedWhenTheirNewestAppWas() throws Exception {
        JsonNode user = json("{\"external_id\":\"cust-7\",\"apps\":[{\"last_used\":\"2026-10-01T00:00:00Z\"},"
                + "{\"last_used\":\"2026-11-02T08:00:00Z\"}],\"push_tokens\":[{\"app\":\"Shop\",\"platform\":\"iOS\","
                + "\"token\":\"t-ios\",\"notifications_enabled\":true},{\"platform\":\"Android\",\"token\":\"t-and\","
                + "\"notifications_enabled\":false}]}");
        List<com.fasterxml.jackson.databind.node.ObjectNode> devices =
                Mapping.BRAZE.devices(user, new Mapping.Defaults(null, null, null, FALLBACK, false));
        assertEquals(2, devices.size());
        assertEquals(json("{\"token\":\"t-ios\",\"platform\":\"ios\",\"push_enabled\":true,\"person_id\":\"cust-7\","
                + "\"last_used\":\"2026-11-02T08:00:00Z\"}"), devices.get(0));
        assertEquals("android", devices.get(1).get("platform").asText());
        assertEquals(List.of(), Mapping.BRAZE.devices(json("{\"external_id\":\"x\"}"),
                new Mapping.Defaults(null, null, null, FALLBACK, false)), "a user without push tokens has no devices");
    }

    @Test
    void aCustomerIoDeviceHasItsOwnerAndUnixLastUsed() throws Exception {
        JsonNode row = json("{\"id\":\"cust-3\",\"device_id\":\"t-3\",\"platform\":\"android\",\"last_used\":\"1795000000\"}");
        assertEquals(json("{\"token\":\"t-3\",\"platform\":\"android\",\"person_id\":\"cust-3\","
                        + "\"last_used\":\"" + Instant.ofEpochSecond(1795000000L) + "\"}"),
                Mapping.CUSTOMERIO.devices(row, new Mapping.Defaults(null, null, null, FALLBACK, false)).get(0));
    }
}
