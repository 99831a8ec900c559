package dev.pushregistry.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushregistry.core.fixtures.Tokens;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live Activity tokens in the registry, over HTTP against the local stack: push-to-start tokens on
 * register and identify, an activity's update token registered, rotated, listed and ended, and every
 * way a device leaves its owner taking both along. Each refusal writes nothing; at the end the
 * table's items agree with each other and no function made a call its role does not allow.
 */
class LocalLiveActivitiesTest {
    private static final ObjectMapper JSON = LocalApi.JSON;

    private static LocalApi api;
    private static String defaultApp;

    @BeforeAll
    static void start() throws Exception {
        api = LocalApi.start();
        defaultApp = api.defaultApp();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return api.call(method, path, body);
    }

    private static HttpResponse<String> call(String method, String path, String body, boolean serverKey) throws Exception {
        return api.call(method, path, body, serverKey);
    }

    private static JsonNode ok(String method, String path, String body) throws Exception {
        return api.expect(200, method, path, body);
    }

    private static void refused(int status, String code, String field, String method, String path, String body)
            throws Exception {
        HttpResponse<String> response = call(method, path, body);
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertEquals(code, error.get("code").asText(), response.body());
        if (field != null) {
            assertEquals(field, error.get("field").asText(), response.body());
        }
    }

    private static String identify(String person, String token, String startTokens) {
        return "{\"person_id\":\"" + person + "\",\"token\":\"" + token + "\",\"platform\":\"ios\""
                + (startTokens == null ? "" : ",\"live_activity_start_tokens\":" + startTokens) + "}";
    }

    private static String activity(String deviceToken, String activityId, String token) {
        return "{\"device_token\":\"" + deviceToken + "\",\"activity_id\":\"" + activityId
                + "\",\"activity_type\":\"DeliveryAttributes\",\"token\":\"" + token + "\"}";
    }

    private static JsonNode device(String person, String token) throws Exception {
        for (JsonNode device : ok("GET", "/v1/people/" + person + "/devices", null).get("devices")) {
            if (device.get("token").asText().equals(token)) {
                return device;
            }
        }
        throw new AssertionError(person + " does not own " + token);
    }

    private static List<String> activityIds(String person) throws Exception {
        List<String> ids = new ArrayList<>();
        ok("GET", "/v1/people/" + person + "/live-activities", null).get("activities")
                .forEach(activity -> ids.add(activity.get("activity_id").asText()));
        return ids;
    }

    @Test
    void startTokensAreSetReplacedAndRemovedByTypeAndTypesNotNamedAreKept() throws Exception {
        String token = Tokens.apns();
        String first = Tokens.apns();
        String second = Tokens.apns();

        JsonNode identified = ok("POST", "/v1/identify", identify("la-ann", token,
                "{\"DeliveryAttributes\":\"" + first + "\",\"ScoreAttributes\":\"" + second + "\"}"));
        assertEquals(first, identified.get("live_activity_start_tokens").get("DeliveryAttributes").asText());
        String rotated = Tokens.apns();
        JsonNode registered = ok("POST", "/v1/devices", "{\"token\":\"" + token + "\",\"platform\":\"ios\","
                + "\"live_activity_start_tokens\":{\"DeliveryAttributes\":\"" + rotated + "\",\"ScoreAttributes\":null}}");

        assertEquals(JSON.readTree("{\"DeliveryAttributes\":\"" + rotated + "\"}"),
                registered.get("live_activity_start_tokens"));
        ok("POST", "/v1/devices", "{\"token\":\"" + token + "\",\"platform\":\"ios\"}");
        assertEquals(rotated, device("la-ann", token).get("live_activity_start_tokens").get("DeliveryAttributes").asText(),
                "a register that names no start tokens keeps them");
        JsonNode android = ok("POST", "/v1/devices", "{\"token\":\"" + Tokens.fcm() + "\",\"platform\":\"android\"}");
        assertEquals(JSON.createObjectNode(), android.get("live_activity_start_tokens"), "none: an empty object");
    }

    @Test
    void startTokensThatAreMalformedTooManyOrNotForIosAreRefusedAndNothingIsWritten() throws Exception {
        String token = Tokens.apns();
        ok("POST", "/v1/identify", identify("la-bea", token, null));
        String valid = Tokens.apns();

        refused(400, "invalid_token", "live_activity_start_tokens.DeliveryAttributes", "POST", "/v1/devices",
                "{\"token\":\"" + token + "\",\"live_activity_start_tokens\":{\"DeliveryAttributes\":\"not-hex\"}}");
        refused(400, "invalid_json", "live_activity_start_tokens.1Delivery", "POST", "/v1/devices",
                "{\"token\":\"" + token + "\",\"live_activity_start_tokens\":{\"1Delivery\":\"" + valid + "\"}}");
        refused(400, "invalid_json", "live_activity_start_tokens.DeliveryAttributes", "POST", "/v1/devices",
                "{\"token\":\"" + token + "\",\"live_activity_start_tokens\":{\"DeliveryAttributes\":7}}");
        StringBuilder eleven = new StringBuilder("{");
        for (int type = 0; type < 11; type++) {
            eleven.append(type == 0 ? "" : ",").append("\"Type").append(type).append("\":\"").append(valid).append('"');
        }
        refused(400, "invalid_json", "live_activity_start_tokens", "POST", "/v1/devices",
                "{\"token\":\"" + token + "\",\"live_activity_start_tokens\":" + eleven + "}}");
        refused(400, "invalid_platform", "live_activity_start_tokens", "POST", "/v1/devices",
                "{\"token\":\"" + Tokens.fcm() + "\",\"platform\":\"android\",\"live_activity_start_tokens\":"
                        + "{\"DeliveryAttributes\":\"" + valid + "\"}}");

        assertEquals(JSON.createObjectNode(), device("la-bea", token).get("live_activity_start_tokens"));
    }

    @Test
    void anActivityIsRegisteredRotatedListedAndEndedAndTheAppKeyIsToldNoPerson() throws Exception {
        String device = Tokens.apns();
        ok("POST", "/v1/identify", identify("la-cy", device, null));
        String update = Tokens.apns();

        JsonNode registered = ok("POST", "/v1/live-activities", activity(device, "order-77", update));

        assertEquals("order-77", registered.get("activity_id").asText());
        assertEquals("DeliveryAttributes", registered.get("activity_type").asText());
        assertEquals(device, registered.get("device_token").asText());
        assertEquals(update, registered.get("token").asText());
        assertEquals("", registered.get("_last_status").asText());
        assertEquals(defaultApp, registered.get("app_id").asText());
        assertFalse(registered.has("person_id"), "an app key learns no owner: " + registered);
        HttpResponse<String> asServer = call("POST", "/v1/live-activities", activity(device, "order-78", Tokens.apns())
                .replace("{", "{\"app_id\":\"" + defaultApp + "\","), true);
        assertEquals(200, asServer.statusCode(), asServer.body());
        assertEquals("la-cy", JSON.readTree(asServer.body()).get("person_id").asText(), asServer.body());

        String rotated = Tokens.apns();
        JsonNode again = ok("POST", "/v1/live-activities", activity(device, "order-77", rotated));
        assertEquals(rotated, again.get("token").asText());
        assertEquals(registered.get("created_at"), again.get("created_at"), "a rotation keeps when the activity began");
        JsonNode listed = ok("GET", "/v1/people/la-cy/live-activities", null);
        assertEquals("la-cy", listed.get("person_id").asText());
        assertEquals(List.of("order-77", "order-78"), activityIds("la-cy"));
        assertEquals(rotated, listed.get("activities").get(0).get("token").asText());
        assertEquals("la-cy", listed.get("activities").get(0).get("person_id").asText());
        assertEquals(0, ok("GET", "/v1/people/la-cy/live-activities?app_id=demo-2", null).get("activities").size());
        JsonNode shown = null;
        for (JsonNode person : JSON.readTree(call("GET", "/_local/state", null).body()).get("people")) {
            if (person.get("person_id").asText().equals("la-cy")) {
                shown = person.get("live_activities");
            }
        }
        assertEquals(listed.get("activities"), shown, "the sandbox page shows the person's activities");

        String end = "{\"device_token\":\"" + device + "\",\"activity_id\":\"order-77\"}";
        assertEquals(204, call("POST", "/v1/live-activities/end", end).statusCode());
        assertEquals(204, call("POST", "/v1/live-activities/end", end).statusCode(), "ending it again changes nothing");
        assertEquals(List.of("order-78"), activityIds("la-cy"));
    }

    @Test
    void anActivityNeedsAKnownIosDeviceAndWellFormedFields() throws Exception {
        String device = Tokens.apns();
        ok("POST", "/v1/identify", identify("la-dee", device, null));
        String android = Tokens.fcm();
        ok("POST", "/v1/devices", "{\"token\":\"" + android + "\",\"platform\":\"android\"}");

        refused(404, "not_found", "device_token", "POST", "/v1/live-activities", activity(Tokens.apns(), "a-1", Tokens.apns()));
        refused(400, "invalid_platform", "device_token", "POST", "/v1/live-activities", activity(android, "a-1", Tokens.apns()));
        refused(400, "invalid_json", "activity_id", "POST", "/v1/live-activities", activity(device, "a/1", Tokens.apns()));
        refused(400, "invalid_token", "token", "POST", "/v1/live-activities", activity(device, "a-1", "abc"));
        refused(400, "missing_field", "activity_type", "POST", "/v1/live-activities",
                "{\"device_token\":\"" + device + "\",\"activity_id\":\"a-1\",\"token\":\"" + Tokens.apns() + "\"}");
        refused(404, "not_found", "device_token", "POST", "/v1/live-activities/end",
                "{\"device_token\":\"" + Tokens.apns() + "\",\"activity_id\":\"a-1\"}");
        refused(404, "not_found", "person_id", "GET", "/v1/people/la-nobody/live-activities", null);
        assertEquals(403, call("GET", "/v1/people/la-dee/live-activities", null, false).statusCode(),
                "a person's activities are the backend's to read");

        assertEquals(List.of(), activityIds("la-dee"), "nothing refused was written");
    }

    @Test
    void everyWayADeviceLeavesItsOwnerTakesItsStartTokensAndActivitiesAlong() throws Exception {
        String moved = Tokens.apns();
        String loggedOut = Tokens.apns();
        String refreshed = Tokens.apns();
        String forgotten = Tokens.apns();
        String starts = "{\"DeliveryAttributes\":\"" + Tokens.apns() + "\"}";
        for (String device : List.of(moved, loggedOut, refreshed)) {
            ok("POST", "/v1/identify", identify("la-eve", device, starts));
            ok("POST", "/v1/live-activities", activity(device, "trip-" + device.substring(0, 6), Tokens.apns()));
        }
        ok("POST", "/v1/identify", identify("la-fay", forgotten, starts));
        ok("POST", "/v1/live-activities", activity(forgotten, "trip-f", Tokens.apns()));
        assertEquals(3, activityIds("la-eve").size());

        JsonNode nowGus = ok("POST", "/v1/identify", identify("la-gus", moved, null));
        assertEquals(JSON.createObjectNode(), nowGus.get("live_activity_start_tokens"),
                "the next owner gets none of the previous owner's start tokens");
        assertEquals(List.of(), activityIds("la-gus"), "nor their activities");
        assertEquals(204, call("POST", "/v1/logout", "{\"person_id\":\"la-eve\",\"token\":\"" + loggedOut + "\"}").statusCode());
        String newToken = Tokens.apns();
        JsonNode refresh = ok("POST", "/v1/devices", "{\"token\":\"" + newToken + "\",\"platform\":\"ios\",\"previous_token\":\""
                + refreshed + "\"}");
        assertEquals(JSON.createObjectNode(), refresh.get("live_activity_start_tokens"), "a refreshed token starts afresh");
        assertEquals(List.of(), activityIds("la-eve"), "moved, logged out and refreshed: nothing of la-eve's is left");
        assertTrue(device("la-eve", newToken).get("live_activity_start_tokens").isEmpty());

        assertEquals(204, call("DELETE", "/v1/people/la-fay", null).statusCode());
        refused(404, "not_found", "person_id", "GET", "/v1/people/la-fay/live-activities", null);
    }
}
