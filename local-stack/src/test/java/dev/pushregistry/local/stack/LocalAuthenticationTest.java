package dev.pushregistry.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.testing.SampleEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys and identity tokens over real HTTP: the local stack runs the template's Lambda authorizer
 * in front of every route, with identity verification on (a JWKS file), and each refusal is the
 * contract's status and error body with nothing written.
 */
class LocalAuthenticationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP_KEY = StackSettings.LOCAL_APP_KEY;
    private static final String SERVER_KEY = StackSettings.LOCAL_SERVER_KEY;

    @TempDir
    static Path folder;
    private static RSAKey signingKey;
    private static LocalStack stack;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("backend-2026").generate();
        Path jwks = folder.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(signingKey.toPublicJWK()).toString());
        Map<String, String> environment = new LinkedHashMap<>();
        for (String port : List.of("LOCAL_API_PORT", "LOCAL_DYNAMODB_PORT", "LOCAL_SQS_PORT", "LOCAL_APNS_PORT",
                "LOCAL_APNS_DEVELOPMENT_PORT", "LOCAL_FCM_PORT", "LOCAL_EVENTS_PORT")) {
            environment.put(port, "0");
        }
        environment.put("PUSH_REGISTRY_IDENTITY_JWKS", jwks.toString());
        stack = LocalStack.start(StackSettings.fromEnvironment(SampleEvents.projectRoot(), environment));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static HttpResponse<String> call(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(int status, String code, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.request().uri() + ": " + response.body());
        assertEquals(code, JSON.readTree(response.body()).at("/error/code").asText(), response.body());
    }

    private static Map<String, String> app() {
        return Map.of("X-Api-Key", APP_KEY);
    }

    private static Map<String, String> server() {
        return Map.of("Authorization", "Bearer " + SERVER_KEY);
    }

    private static Map<String, String> appWithIdentity(String token) {
        Map<String, String> headers = new LinkedHashMap<>(app());
        headers.put("X-Identity-Token", token);
        return headers;
    }

    private static String identityToken(String subject, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(expires)).build());
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }

    private static int personDevicesStatus(String personId) throws Exception {
        return call("GET", "/v1/people/" + personId + "/devices", null, server()).statusCode();
    }

    @Test
    void everyRouteRefusesAMissingOrUnknownKeyWithA401AndWritesNothing() throws Exception {
        String token = Tokens.apns();
        List<String[]> routes = List.of(
                new String[] {"POST", "/v1/devices", "{\"token\":\"" + token + "\",\"platform\":\"ios\"}"},
                new String[] {"POST", "/v1/identify", "{\"person_id\":\"nokey-1\",\"token\":\"" + token + "\",\"platform\":\"ios\"}"},
                new String[] {"POST", "/v1/logout", "{\"person_id\":\"nokey-1\",\"token\":\"" + token + "\"}"},
                new String[] {"GET", "/v1/people/nokey-1/devices", null},
                new String[] {"GET", "/v1/people/nokey-1/token-history", null},
                new String[] {"GET", "/v1/people/nokey-1/live-activities", null},
                new String[] {"POST", "/v1/live-activities", "{\"device_token\":\"" + token + "\",\"activity_id\":\"a\","
                        + "\"activity_type\":\"DeliveryAttributes\",\"token\":\"" + token + "\"}"},
                new String[] {"POST", "/v1/live-activities/end", "{\"device_token\":\"" + token + "\",\"activity_id\":\"a\"}"},
                new String[] {"PUT", "/v1/people/nokey-1", "{\"unsubscribed\":true}"},
                new String[] {"DELETE", "/v1/people/nokey-1", null},
                new String[] {"POST", "/v1/sends", "{\"request_id\":\"nokey-send\",\"person_id\":\"nokey-1\",\"message\":{\"title\":\"x\"}}"},
                new String[] {"GET", "/v1/sends/nokey-send", null});
        for (String[] route : routes) {
            assertRefused(401, "unauthorized", call(route[0], route[1], route[2], Map.of()));
            assertRefused(401, "unauthorized", call(route[0], route[1], route[2], Map.of("X-Api-Key", "not-a-key")));
            assertRefused(401, "unauthorized", call(route[0], route[1], route[2], Map.of("Authorization", "Bearer " + APP_KEY + "x")));
        }

        assertEquals(404, personDevicesStatus("nokey-1"), "no person was created");
        assertEquals(404, call("GET", "/v1/sends/nokey-send", null, server()).statusCode(), "no send was accepted");
        assertRefused(401, "unauthorized", call("POST", "/v1/identify", "{\"person_id\":\"nokey-1\",\"token\":\"" + token + "\"}",
                Map.of("X-Identity-Token", identityToken("nokey-1", Instant.now().plusSeconds(300)))));
    }

    @Test
    void theAppKeyIsForbiddenOnBackendEndpointsAndTheServerKeyWorksEverywhere() throws Exception {
        assertRefused(403, "forbidden", call("GET", "/v1/people/anyone/devices", null, app()));
        assertRefused(403, "forbidden", call("PUT", "/v1/people/app-1", "{\"unsubscribed\":true}",
                Map.of("Authorization", "Bearer " + APP_KEY)));
        assertRefused(403, "forbidden", call("POST", "/v1/sends",
                "{\"request_id\":\"app-send\",\"person_id\":\"app-1\",\"message\":{\"title\":\"x\"}}", app()));
        assertEquals(404, personDevicesStatus("app-1"), "the forbidden update wrote nothing");
        assertEquals(404, call("GET", "/v1/sends/app-send", null, server()).statusCode(), "the forbidden send was not queued");

        String token = Tokens.apns();
        assertRefused(400, "missing_field", call("POST", "/v1/devices",
                "{\"token\":\"" + token + "\",\"platform\":\"ios\"}", server()));
        HttpResponse<String> registered = call("POST", "/v1/devices",
                "{\"token\":\"" + token + "\",\"platform\":\"ios\",\"app_id\":\"demo-2\"}", server());
        assertEquals(200, registered.statusCode(), registered.body());
        assertEquals("demo-2", JSON.readTree(registered.body()).get("app_id").asText(),
                "run-local serves two apps: the server key names one");
    }

    @Test
    void identifyAndLogoutNeedAnIdentityTokenForThePersonTheyName() throws Exception {
        String token = Tokens.apns();
        String identify = "{\"person_id\":\"ident-1\",\"token\":\"" + token + "\",\"platform\":\"ios\"}";
        Instant later = Instant.now().plusSeconds(300);

        assertRefused(401, "unauthorized", call("POST", "/v1/identify", identify, app()));
        assertRefused(401, "unauthorized", call("POST", "/v1/identify", identify,
                appWithIdentity(identityToken("someone-else", later))));
        assertRefused(401, "unauthorized", call("POST", "/v1/identify", identify,
                appWithIdentity(identityToken("ident-1", Instant.now().minusSeconds(120)))));
        assertRefused(401, "unauthorized", call("POST", "/v1/identify", identify, appWithIdentity("not.a.jwt")));
        assertEquals(404, personDevicesStatus("ident-1"), "no refused identify wrote anything");

        HttpResponse<String> identified = call("POST", "/v1/identify", identify, appWithIdentity(identityToken("ident-1", later)));
        assertEquals(200, identified.statusCode(), identified.body());
        assertEquals("ident-1", JSON.readTree(identified.body()).get("person_id").asText());

        String logout = "{\"person_id\":\"ident-1\",\"token\":\"" + token + "\"}";
        assertRefused(401, "unauthorized", call("POST", "/v1/logout", logout,
                appWithIdentity(identityToken("someone-else", later))));
        JsonNode stillThere = JSON.readTree(call("GET", "/v1/people/ident-1/devices", null, server()).body());
        assertEquals(1, stillThere.get("devices").size(), "the refused logout left the device with its owner");

        assertEquals(204, call("POST", "/v1/logout", logout, appWithIdentity(identityToken("ident-1", later))).statusCode());
        JsonNode afterLogout = JSON.readTree(call("GET", "/v1/people/ident-1/devices", null, server()).body());
        assertEquals(0, afterLogout.get("devices").size(), "the logout took the device away");

        HttpResponse<String> register = call("POST", "/v1/devices", "{\"token\":\"" + Tokens.apns() + "\",\"platform\":\"ios\"}", app());
        assertEquals(200, register.statusCode(), "register needs no identity token: " + register.body());
    }

    @Test
    void aPersonsDevicesLiveActivityTokensChangeOnlyWithTheirIdentityToken() throws Exception {
        String device = Tokens.apns();
        Instant later = Instant.now().plusSeconds(300);
        String identify = "{\"person_id\":\"live-1\",\"token\":\"" + device + "\",\"platform\":\"ios\"}";
        assertEquals(200, call("POST", "/v1/identify", identify, appWithIdentity(identityToken("live-1", later))).statusCode());
        String activity = "{\"device_token\":\"" + device + "\",\"activity_id\":\"order-1\","
                + "\"activity_type\":\"DeliveryAttributes\",\"token\":\"" + Tokens.apns() + "\"}";
        String startTokens = "{\"token\":\"" + device + "\",\"live_activity_start_tokens\":{\"DeliveryAttributes\":\""
                + Tokens.apns() + "\"}}";
        String end = "{\"device_token\":\"" + device + "\",\"activity_id\":\"order-1\"}";

        // whoever knows the device token could otherwise have the owner's activity pushed to their own token
        assertRefused(401, "unauthorized", call("POST", "/v1/live-activities", activity, app()));
        assertRefused(401, "unauthorized", call("POST", "/v1/live-activities", activity,
                appWithIdentity(identityToken("someone-else", later))));
        assertRefused(401, "unauthorized", call("POST", "/v1/devices", startTokens, app()));
        JsonNode untouched = JSON.readTree(call("GET", "/v1/people/live-1/devices", null, server()).body()).get("devices").get(0);
        assertEquals(0, untouched.get("live_activity_start_tokens").size(), "no refused request wrote a start token");
        assertEquals(0, JSON.readTree(call("GET", "/v1/people/live-1/live-activities", null, server()).body())
                .get("activities").size(), "nor an activity");

        Map<String, String> owner = appWithIdentity(identityToken("live-1", later));
        assertEquals(200, call("POST", "/v1/live-activities", activity, owner).statusCode());
        assertEquals(200, call("POST", "/v1/devices", startTokens, owner).statusCode());
        assertRefused(401, "unauthorized", call("POST", "/v1/live-activities/end", end, app()));
        assertEquals(204, call("POST", "/v1/live-activities/end", end, owner).statusCode());
        String anonymous = Tokens.apns();
        assertEquals(200, call("POST", "/v1/devices", "{\"token\":\"" + anonymous + "\",\"platform\":\"ios\","
                + "\"live_activity_start_tokens\":{\"DeliveryAttributes\":\"" + Tokens.apns() + "\"}}", app()).statusCode(),
                "a device nobody owns needs no identity token");
    }
}
