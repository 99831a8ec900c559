package dev.pushregistry.system.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.registry.DeviceFields;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.core.registry.RegisterCommand;
import dev.pushregistry.core.validation.TokenFormat;
import dev.pushregistry.queue.sqs.fixtures.LocalSqs;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.system.Endpoints;
import dev.pushregistry.testing.Bodies;
import dev.pushregistry.testing.SampleEvents;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint, fed every kind of bad input: each answer is the documented 4xx with its error code
 * and field, and the table is exactly as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private static final String APNS = "ab".repeat(32);
    private static final String FCM = Tokens.fcm();
    private static final String OWNED = "cd".repeat(32);

    private TestRegistry registry;
    private Endpoints endpoints;

    @BeforeAll
    void seed() {
        registry = TestRegistry.create();
        endpoints = new Endpoints(registry, LogoutPolicy.DELETE);
        registry.devices().register(new RegisterCommand(new DeviceFields(TestRegistry.APP, FCM, Platform.ANDROID, null, null, true, null), null),
                registry.clock().instant());
        registry.devices().identify(new dev.pushregistry.core.registry.IdentifyCommand("cust-1",
                new DeviceFields(TestRegistry.APP, OWNED, Platform.IOS, null, null, true, null)), registry.clock().instant());
    }

    static Stream<Arguments> cases() {
        String attributes31 = "{" + String.join(",", java.util.stream.IntStream.range(0, 31)
                .mapToObj(i -> "\"k" + i + "\":\"v\"").toList()) + "}";
        String attributes1k = "{\"blob\":\"" + "x".repeat(1100) + "\"}";
        return Stream.of(
                // register
                bad("register: no body", "register.json", null, 400, "invalid_json", null),
                bad("register: not JSON", "register.json", "{token:", 400, "invalid_json", null),
                bad("register: an array", "register.json", "[]", 400, "invalid_json", null),
                bad("register: trailing content", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":\"ios\"} {}", 400, "invalid_json", null),
                bad("register: duplicate keys", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":\"ios\",\"platform\":\"android\"}", 400, "invalid_json", null),
                bad("register: no token", "register.json", "{\"platform\":\"ios\"}", 400, "missing_field", "token"),
                bad("register: null token", "register.json", "{\"token\":null,\"platform\":\"ios\"}", 400, "missing_field", "token"),
                bad("register: token is a number", "register.json", "{\"token\":123,\"platform\":\"ios\"}", 400, "invalid_json", "token"),
                bad("register: short apns token", "register.json", "{\"token\":\"abc123\",\"platform\":\"ios\"}", 400, "invalid_token", "token"),
                bad("register: apns token not hex", "register.json", "{\"token\":\"" + "zz".repeat(32) + "\",\"platform\":\"ios\"}", 400, "invalid_token", "token"),
                bad("register: apns token given as fcm", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":\"android\"}", 400, "invalid_token", "token"),
                bad("register: fcm token with spaces", "register.json", "{\"token\":\"" + FCM.substring(0, 50) + " " + FCM.substring(51) + "\",\"platform\":\"android\"}", 400, "invalid_token", "token"),
                bad("register: unknown platform", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":\"windows\"}", 400, "invalid_platform", "platform"),
                bad("register: platform is a number", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":1}", 400, "invalid_json", "platform"),
                bad("register: unknown provider", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":\"ios\",\"provider\":\"gcm\"}", 400, "invalid_platform", "provider"),
                bad("register: apns for android", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":\"android\",\"provider\":\"apns\"}", 400, "invalid_platform", "provider"),
                bad("register: apns for a known android device", "register.json", "{\"token\":\"" + FCM + "\",\"provider\":\"apns\"}", 400, "invalid_token", "token"),
                bad("register: push_enabled is text", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":\"ios\",\"push_enabled\":\"yes\"}", 400, "invalid_json", "push_enabled"),
                bad("register: attributes is a list", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":\"ios\",\"attributes\":[]}", 400, "invalid_json", "attributes"),
                bad("register: attribute is a number", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":\"ios\",\"attributes\":{\"app_version\":2}}", 400, "invalid_json", "attributes.app_version"),
                bad("register: nested attribute", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":\"ios\",\"attributes\":{\"a\":{\"b\":\"c\"}}}", 400, "invalid_json", "attributes.a"),
                bad("register: 31 attributes", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":\"ios\",\"attributes\":" + attributes31 + "}", 413, "payload_too_large", "attributes"),
                bad("register: attributes over 1 KB", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":\"ios\",\"attributes\":" + attributes1k + "}", 413, "payload_too_large", "attributes"),
                bad("register: body over 16 KB", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":\"ios\",\"pad\":\"" + "x".repeat(17_000) + "\"}", 413, "payload_too_large", null),
                bad("register: new token without platform", "register.json", "{\"token\":\"" + APNS + "\"}", 400, "missing_field", "platform"),
                bad("register: bad previous token", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":\"ios\",\"previous_token\":\"nope\"}", 400, "invalid_token", "previous_token"),
                bad("register: previous token is a number", "register.json", "{\"token\":\"" + APNS + "\",\"platform\":\"ios\",\"previous_token\":5}", 400, "invalid_json", "previous_token"),
                badEvent("register: body not base64", "register.json", event -> {
                    event.setIsBase64Encoded(true);
                    event.setBody("!!not base64!!");
                    return event;
                }, 400, "invalid_json", null),
                // identify
                bad("identify: not JSON", "identify.json", "nope", 400, "invalid_json", null),
                bad("identify: no person_id", "identify.json", "{\"token\":\"" + APNS + "\",\"platform\":\"ios\"}", 400, "missing_field", "person_id"),
                bad("identify: blank person_id", "identify.json", "{\"person_id\":\"  \",\"token\":\"" + APNS + "\",\"platform\":\"ios\"}", 400, "missing_field", "person_id"),
                bad("identify: person_id is a number", "identify.json", "{\"person_id\":42,\"token\":\"" + APNS + "\",\"platform\":\"ios\"}", 400, "invalid_json", "person_id"),
                bad("identify: person_id too long", "identify.json", "{\"person_id\":\"" + "p".repeat(257) + "\",\"token\":\"" + APNS + "\",\"platform\":\"ios\"}", 400, "invalid_json", "person_id"),
                bad("identify: person_id with a control character", "identify.json", "{\"person_id\":\"a\\u0000b\",\"token\":\"" + APNS + "\",\"platform\":\"ios\"}", 400, "invalid_json", "person_id"),
                bad("identify: person_id with a lone surrogate", "identify.json", "{\"person_id\":\"\\ud800x\",\"token\":\"" + APNS + "\",\"platform\":\"ios\"}", 400, "invalid_json", null),
                bad("identify: person_id with a slash", "identify.json", "{\"person_id\":\"cust/42\",\"token\":\"" + APNS + "\",\"platform\":\"ios\"}", 400, "invalid_json", "person_id"),
                bad("identify: person_id with a space before", "identify.json", "{\"person_id\":\" cust-42\",\"token\":\"" + APNS + "\",\"platform\":\"ios\"}", 400, "invalid_json", "person_id"),
                bad("identify: person_id with a space after", "identify.json", "{\"person_id\":\"cust-42\\u00a0\",\"token\":\"" + APNS + "\",\"platform\":\"ios\"}", 400, "invalid_json", "person_id"),
                bad("identify: fcm token longer than a key holds", "identify.json", "{\"person_id\":\"cust-2\",\"token\":\"" + "f".repeat(1018) + "\",\"platform\":\"android\"}", 400, "invalid_token", "token"),
                bad("identify: fcm token one longer than the longest", "identify.json", "{\"person_id\":\"cust-2\",\"token\":\"" + "f".repeat(TokenFormat.MAX_FCM_LENGTH + 1) + "\",\"platform\":\"android\"}", 400, "invalid_token", "token"),
                badEvent("identify: body not UTF-8", "identify.json", event -> {
                    event.setIsBase64Encoded(true);
                    byte[] body = ("{\"person_id\":\"cust-\u00ff\",\"token\":\"" + APNS + "\",\"platform\":\"ios\"}")
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    event.setBody(java.util.Base64.getEncoder().encodeToString(body));
                    return event;
                }, 400, "invalid_json", null),
                bad("identify: no token", "identify.json", "{\"person_id\":\"cust-2\",\"platform\":\"ios\"}", 400, "missing_field", "token"),
                bad("identify: bad token", "identify.json", "{\"person_id\":\"cust-2\",\"token\":\"xyz\",\"platform\":\"ios\"}", 400, "invalid_token", "token"),
                bad("identify: new token without platform", "identify.json", "{\"person_id\":\"cust-2\",\"token\":\"" + APNS + "\"}", 400, "missing_field", "platform"),
                bad("identify: unknown platform", "identify.json", "{\"person_id\":\"cust-2\",\"token\":\"" + APNS + "\",\"platform\":\"web\"}", 400, "invalid_platform", "platform"),
                bad("identify: fcm provider for a known ios device of another person", "identify.json", "{\"person_id\":\"cust-2\",\"token\":\"" + OWNED + "\",\"provider\":\"fcm\"}", 400, "invalid_token", "token"),
                bad("identify: apns provider for a known android device", "identify.json", "{\"person_id\":\"cust-2\",\"token\":\"" + FCM + "\",\"platform\":\"android\",\"provider\":\"apns\"}", 400, "invalid_platform", "provider"),
                // logout
                bad("logout: no body", "logout.json", null, 400, "invalid_json", null),
                bad("logout: no person_id", "logout.json", "{\"token\":\"" + OWNED + "\"}", 400, "missing_field", "person_id"),
                bad("logout: no token", "logout.json", "{\"person_id\":\"cust-1\"}", 400, "missing_field", "token"),
                bad("logout: bad token", "logout.json", "{\"person_id\":\"cust-1\",\"token\":\"not a token\"}", 400, "invalid_token", "token"),
                bad("logout: token is a list", "logout.json", "{\"person_id\":\"cust-1\",\"token\":[\"" + OWNED + "\"]}", 400, "invalid_json", "token"),
                // people
                bad("put person: not JSON", "people-update.json", "{", 400, "invalid_json", null),
                bad("put person: no unsubscribed", "people-update.json", "{}", 400, "missing_field", "unsubscribed"),
                bad("put person: unsubscribed is text", "people-update.json", "{\"unsubscribed\":\"true\"}", 400, "invalid_json", "unsubscribed"),
                badEvent("put person: id too long", "people-update.json", event -> person(event, "p".repeat(257)), 400, "invalid_json", "person_id"),
                badEvent("devices: unknown person", "people-devices.json", event -> person(event, "nobody"), 404, "not_found", "person_id"),
                badEvent("devices: no person id", "people-devices.json", event -> {
                    event.setPathParameters(null);
                    return event;
                }, 400, "missing_field", "person_id"),
                badEvent("token history: unknown person", "people-token-history.json", event -> person(event, "nobody"), 404, "not_found", "person_id"),
                badEvent("forget: id with a control character", "people-forget.json", event -> person(event, "a\nb"), 400, "invalid_json", "person_id"),
                badEvent("forget: id with a slash", "people-forget.json", event -> person(event, "a/b"), 400, "invalid_json", "person_id"),
                badEvent("devices: id ending in a space", "people-devices.json", event -> person(event, "cust-42 "), 400, "invalid_json", "person_id"),
                // sends
                bad("send: not JSON", "sends-post.json", "{\"person_id\":", 400, "invalid_json", null),
                bad("send: no message", "sends-post.json", "{\"person_id\":\"cust-1\"}", 400, "missing_field", "message"),
                bad("send: message is text", "sends-post.json", "{\"person_id\":\"cust-1\",\"message\":\"hi\"}", 400, "invalid_json", "message"),
                send("send: nobody", "{\"message\":" + TITLE + "}", 400, "missing_field", "person_id"),
                send("send: person_id and person_ids", "{\"person_id\":\"a\",\"person_ids\":[\"b\"],\"message\":" + TITLE + "}", 400, "invalid_json", "person_ids"),
                send("send: person_ids is text", "{\"person_ids\":\"a\",\"message\":" + TITLE + "}", 400, "invalid_json", "person_ids"),
                send("send: empty person_ids", "{\"person_ids\":[],\"message\":" + TITLE + "}", 400, "missing_field", "person_ids"),
                send("send: 101 people", "{\"person_ids\":[" + String.join(",", java.util.stream.IntStream.range(0, 101)
                        .mapToObj(i -> "\"p" + i + "\"").toList()) + "],\"message\":" + TITLE + "}", 400, "invalid_json", "person_ids"),
                send("send: bad request_id", "{\"request_id\":\"a b\",\"person_id\":\"a\",\"message\":" + TITLE + "}", 400, "invalid_json", "request_id"),
                send("send: unknown target", "{\"person_id\":\"a\",\"target\":\"everyone\",\"message\":" + TITLE + "}", 400, "invalid_json", "target"),
                send("send: token for many people", "{\"person_ids\":[\"a\",\"b\"],\"token\":\"" + APNS + "\",\"message\":" + TITLE + "}", 400, "invalid_json", "token"),
                send("send: malformed token", "{\"person_id\":\"a\",\"token\":\"nope\",\"message\":" + TITLE + "}", 400, "invalid_token", "token"),
                send("send: unknown platform", "{\"person_id\":\"a\",\"platforms\":[\"web\"],\"message\":" + TITLE + "}", 400, "invalid_platform", "platforms"),
                send("send: no platforms", "{\"person_id\":\"a\",\"platforms\":[],\"message\":" + TITLE + "}", 400, "invalid_json", "platforms"),
                send("send: transactional is text", "{\"person_id\":\"a\",\"transactional\":\"yes\",\"message\":" + TITLE + "}", 400, "invalid_json", "transactional"),
                send("send: visible push without words", "{\"person_id\":\"a\",\"message\":{\"badge\":1}}", 400, "missing_field", "message.title"),
                send("send: title is a number", "{\"person_id\":\"a\",\"message\":{\"title\":5}}", 400, "invalid_json", "message.title"),
                send("send: negative badge", "{\"person_id\":\"a\",\"message\":{\"title\":\"x\",\"badge\":-1}}", 400, "invalid_json", "message.badge"),
                send("send: fractional badge", "{\"person_id\":\"a\",\"message\":{\"title\":\"x\",\"badge\":1.5}}", 400, "invalid_json", "message.badge"),
                send("send: ttl beyond 28 days", "{\"person_id\":\"a\",\"message\":{\"title\":\"x\",\"ttl_seconds\":2419201}}", 400, "invalid_json", "message.ttl_seconds"),
                send("send: unknown priority", "{\"person_id\":\"a\",\"message\":{\"title\":\"x\",\"priority\":\"urgent\"}}", 400, "invalid_json", "message.priority"),
                send("send: background is text", "{\"person_id\":\"a\",\"message\":{\"background\":\"yes\"}}", 400, "invalid_json", "message.background"),
                send("send: data value is a number", "{\"person_id\":\"a\",\"message\":{\"title\":\"x\",\"data\":{\"n\":1}}}", 400, "invalid_json", "message.data.n"),
                send("send: data key kept by APNs", "{\"person_id\":\"a\",\"message\":{\"title\":\"x\",\"data\":{\"aps\":\"1\"}}}", 400, "invalid_json", "message.data.aps"),
                send("send: data key kept by FCM", "{\"person_id\":\"a\",\"message\":{\"title\":\"x\",\"data\":{\"google.x\":\"1\"}}}", 400, "invalid_json", "message.data.google.x"),
                send("send: image is not a web address", "{\"person_id\":\"a\",\"message\":{\"title\":\"x\",\"image_url\":\"file:///etc/passwd\"}}", 400, "invalid_json", "message.image_url"),
                send("send: collapse key over 64 bytes", "{\"person_id\":\"a\",\"message\":{\"title\":\"x\",\"collapse_key\":\"" + "k".repeat(65) + "\"}}", 400, "invalid_json", "message.collapse_key"),
                send("send: message over 4 KB", "{\"person_id\":\"a\",\"message\":{\"title\":\"x\",\"body\":\"" + "b".repeat(4100) + "\"}}", 413, "payload_too_large", "message"),
                badEvent("send summary: unknown request", "sends-get.json", event -> {
                    event.setPathParameters(new java.util.HashMap<>(java.util.Map.of("request_id", "never")));
                    return event;
                }, 404, "not_found", "request_id"));
    }

    private static final String TITLE = "{\"title\":\"Hi\"}";

    private static Arguments send(String name, String body, int status, String code, String field) {
        return bad(name, "sends-post.json", body, status, code, field);
    }

    private static APIGatewayV2HTTPEvent person(APIGatewayV2HTTPEvent event, String personId) {
        event.setPathParameters(new java.util.HashMap<>(java.util.Map.of("person_id", personId)));
        return event;
    }

    private static Arguments bad(String name, String sample, String body, int status, String code, String field) {
        return badEvent(name, sample, event -> {
            event.setBody(body);
            return event;
        }, status, code, field);
    }

    private static Arguments badEvent(String name, String sample, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPEvent> change,
                                      int status, String code, String field) {
        return Arguments.of(name, sample, change, status, code, field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsRefusedClearlyAndWritesNothing(String name, String sample,
                                                   Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPEvent> change,
                                                   int status, String code, String field) {
        List<String> before = registry.snapshot();

        APIGatewayV2HTTPResponse response = endpoints.call(change.apply(SampleEvents.load(sample)));

        assertEquals(status, response.getStatusCode(), response.getBody());
        JsonNode error = Bodies.json(response).get("error");
        assertEquals(code, error.get("code").asText());
        assertEquals(field, error.has("field") ? error.get("field").asText() : null);
        assertFalse(error.get("message").asText().isBlank());
        assertEquals(before, registry.snapshot(), "the table is unchanged");
        assertEquals("0", LocalSqs.server().client().getQueueAttributes(get -> get.queueUrl(endpoints.sendRequestQueue())
                .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings()
                .get("ApproximateNumberOfMessages"), "nothing queued");
        registry.assertConsistent();
    }
}
