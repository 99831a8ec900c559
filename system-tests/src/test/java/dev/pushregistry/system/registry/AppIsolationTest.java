package dev.pushregistry.system.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.system.Endpoints;
import dev.pushregistry.testing.Bodies;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SampleKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two apps in one deployment: every app endpoint called with app A's key against a token app B
 * registered leaves app B's device as it was, and a server key acts in the app its body names.
 */
class AppIsolationTest {
    private static final String A = TestRegistry.APP;
    private static final String B = TestRegistry.OTHER_APP;

    private final TestRegistry registry = TestRegistry.create();
    private final Endpoints endpoints = new Endpoints(registry, LogoutPolicy.DELETE);
    /** The token app B's device has, which app A's key then uses. */
    private final String token = Tokens.apns();

    @AfterEach
    void tableStaysConsistent() {
        registry.assertConsistent();
    }

    private APIGatewayV2HTTPResponse call(String sample, String key, ObjectNode body) {
        APIGatewayV2HTTPEvent event = SampleEvents.withBody(sample, body.toString());
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("authorization");
        headers.remove("x-api-key");
        headers.put(key.equals(SampleKeys.SERVER_KEY) ? "authorization" : "x-api-key",
                key.equals(SampleKeys.SERVER_KEY) ? "Bearer " + key : key);
        event.setHeaders(headers);
        return endpoints.call(event);
    }

    private Device deviceOf(String app, String token) {
        return registry.store().findDevice(new DeviceAddress(app, token), registry.clock().peek()).orElse(null);
    }

    /** What app A's key does with the token app B's device has. */
    enum Call {
        REGISTER_THE_SAME_TOKEN, IDENTIFY_THE_SAME_TOKEN, LOGOUT_ITS_OWNER, REFRESH_IT_AS_PREVIOUS_TOKEN,
        NAME_APP_B_IN_THE_BODY
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Call.class)
    void appAsKeyNeverChangesAppBsDevice(Call call) {
        assertEquals(200, call("identify.json", SampleKeys.OTHER_APP_KEY, Bodies.identify("bea", token, "ios"))
                .getStatusCode());
        Device before = deviceOf(B, token);
        List<String> historyBefore = history("bea");

        APIGatewayV2HTTPResponse response = switch (call) {
            case REGISTER_THE_SAME_TOKEN -> call("register.json", SampleKeys.APP_KEY, Bodies.device(token, "ios"));
            case IDENTIFY_THE_SAME_TOKEN -> call("identify.json", SampleKeys.APP_KEY, Bodies.identify("al", token, "ios"));
            case LOGOUT_ITS_OWNER -> call("logout.json", SampleKeys.APP_KEY, Bodies.logout("bea", token));
            case REFRESH_IT_AS_PREVIOUS_TOKEN -> call("register.json", SampleKeys.APP_KEY,
                    Bodies.device(Tokens.apns(), "ios").put("previous_token", token));
            case NAME_APP_B_IN_THE_BODY -> call("identify.json", SampleKeys.APP_KEY,
                    Bodies.identify("al", token, "ios").put("app_id", B));
        };

        assertEquals(call == Call.LOGOUT_ITS_OWNER ? 204 : call == Call.NAME_APP_B_IN_THE_BODY ? 403 : 200,
                response.getStatusCode(), response.getBody());
        assertEquals(before, deviceOf(B, token), "app B's device is exactly as it was");
        assertEquals(historyBefore, history("bea"), "bea's history is untouched");
        JsonNode bea = peopleDevices("bea", null);
        assertEquals(1, bea.get("devices").size());
        assertEquals(B, bea.get("devices").get(0).get("app_id").asText());
        if (call == Call.IDENTIFY_THE_SAME_TOKEN) {
            JsonNode al = Bodies.json(response);
            assertEquals(A, al.get("app_id").asText());
            assertFalse(al.has("moved_from"), "the token moved from nobody: in app A it was new");
            assertEquals("al", deviceOf(A, token).personId().orElseThrow());
        }
    }

    @Test
    void theSameTokenInTwoAppsIsTwoDevicesAndAPersonListsEveryAppsDevices() {
        call("identify.json", SampleKeys.OTHER_APP_KEY, Bodies.identify("cy", token, "ios").put("apns_environment",
                "development"));
        call("identify.json", SampleKeys.APP_KEY, Bodies.identify("cy", token, "ios"));

        JsonNode all = peopleDevices("cy", null);
        List<String> apps = new ArrayList<>();
        all.get("devices").forEach(device -> apps.add(device.get("app_id").asText() + " "
                + device.get("apns_environment").asText()));
        assertEquals(List.of(A + " production", B + " development"), apps.stream().sorted().toList());
        JsonNode onlyB = peopleDevices("cy", B);
        assertEquals(1, onlyB.get("devices").size());
        assertEquals(B, onlyB.get("devices").get(0).get("app_id").asText());
        assertEquals(token, onlyB.get("last_active_token").asText(), "last active among the app's devices");
        JsonNode history = Bodies.json(endpoints.call(SampleEvents.forPerson("people-token-history.json", "cy", null)));
        List<String> historyApps = new ArrayList<>();
        history.get("events").forEach(event -> historyApps.add(event.get("app_id").asText()));
        assertEquals(List.of(A, B), historyApps, "newest first, each entry with its app");
        APIGatewayV2HTTPEvent unknownApp = SampleEvents.forPerson("people-devices.json", "cy", null);
        unknownApp.setQueryStringParameters(Map.of("app_id", "kiosk"));
        assertEquals("invalid_app", error(endpoints.call(unknownApp)).get("code").asText());
    }

    @Test
    void aServerKeyNamesTheAppInTheBodyAndMayNotLeaveItOutWhenThereAreSeveral() {
        APIGatewayV2HTTPResponse unnamed = call("identify.json", SampleKeys.SERVER_KEY, Bodies.identify("di", token, "ios"));
        APIGatewayV2HTTPResponse unknown = call("identify.json", SampleKeys.SERVER_KEY,
                Bodies.identify("di", token, "ios").put("app_id", "kiosk"));
        assertEquals(400, unnamed.getStatusCode());
        assertEquals("missing_field", error(unnamed).get("code").asText());
        assertEquals("app_id", error(unnamed).get("field").asText());
        assertEquals(400, unknown.getStatusCode());
        assertEquals("invalid_app", error(unknown).get("code").asText());
        assertEquals(0, registry.itemCount(), "nothing written for a refused call");

        APIGatewayV2HTTPResponse named = call("identify.json", SampleKeys.SERVER_KEY,
                Bodies.identify("di", token, "ios").put("app_id", B));
        assertEquals(200, named.getStatusCode(), named.getBody());
        assertEquals("di", deviceOf(B, token).personId().orElseThrow());
        assertEquals(null, deviceOf(A, token));
        assertEquals(204, call("logout.json", SampleKeys.SERVER_KEY, Bodies.logout("di", token).put("app_id", B))
                .getStatusCode());
        assertEquals(null, deviceOf(B, token));
    }

    @Test
    void aDevelopmentBuildsTokenKeepsItsEnvironmentUntilItSaysOtherwise() {
        call("register.json", SampleKeys.APP_KEY, Bodies.device(token, "ios").put("apns_environment", "development"));
        call("identify.json", SampleKeys.APP_KEY, Bodies.identify("ed", token, "ios"));
        assertEquals("development", peopleDevices("ed", null).get("devices").get(0).get("apns_environment").asText(),
                "absent on a later call: the stored environment stays");

        call("register.json", SampleKeys.APP_KEY, Bodies.device(token, "ios").put("apns_environment", "production"));
        assertEquals("production", peopleDevices("ed", null).get("devices").get(0).get("apns_environment").asText());

        APIGatewayV2HTTPResponse wrong = call("register.json", SampleKeys.APP_KEY,
                Bodies.device(token, "ios").put("apns_environment", "staging"));
        assertEquals(400, wrong.getStatusCode());
        assertEquals("apns_environment", error(wrong).get("field").asText());
        String android = Tokens.fcm();
        JsonNode fcm = Bodies.json(call("register.json", SampleKeys.APP_KEY,
                Bodies.device(android, "android").put("apns_environment", "development")));
        assertFalse(fcm.has("apns_environment"), "an FCM device has no APNs environment");
        assertTrue(fcm.has("app_id"));
    }

    private JsonNode peopleDevices(String person, String app) {
        APIGatewayV2HTTPEvent event = SampleEvents.forPerson("people-devices.json", person, null);
        if (app != null) {
            event.setQueryStringParameters(Map.of("app_id", app));
        }
        APIGatewayV2HTTPResponse response = endpoints.call(event);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return Bodies.json(response);
    }

    private List<String> history(String person) {
        List<String> entries = new ArrayList<>();
        Bodies.json(endpoints.call(SampleEvents.forPerson("people-token-history.json", person, null))).get("events")
                .forEach(entry -> entries.add(entry.toString()));
        return entries;
    }

    private static JsonNode error(APIGatewayV2HTTPResponse response) {
        return Bodies.json(response).get("error");
    }
}
