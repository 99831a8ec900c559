package dev.pushregistry.functions.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pushregistry.auth.AuthorizationContext;
import dev.pushregistry.authorizer.ApiKeys;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.error.ErrorCode;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.fixtures.TickingClock;
import dev.pushregistry.testing.LocalHttpEndpoint;
import dev.pushregistry.testing.SampleEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorizer function wired as Lambda wires it, from environment variables: keys in plain text
 * (local) or as digests in a Secrets Manager secret (deployed, here an endpoint on loopback speaking
 * its protocol), identity tokens against a JWKS served over HTTP.
 */
class AuthorizeHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:push-registry-keys-Ab12Cd";

    private final TickingClock clock = TickingClock.startingAt("2026-11-22T10:00:00Z");

    private static Map<String, String> environment(Map<String, String> own) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "TABLE_NAME", "RegistryTable",
                "AWS_REGION", "eu-central-1",
                "AWS_ACCESS_KEY_ID", "local",
                "AWS_SECRET_ACCESS_KEY", "local"));
        environment.putAll(own);
        return environment;
    }

    private AuthorizeHandler handler(Map<String, String> own) {
        return new AuthorizeHandler(new Settings(environment(own)), clock);
    }

    /** The sample authorizer event for another route, with other headers. */
    private static ObjectNode request(String routeKey, Map<String, String> headers) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(SampleEvents.projectRoot().resolve("events/authorize.json").toFile());
        event.put("routeKey", routeKey);
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        return event;
    }

    /** Invokes the handler as Lambda does, bytes in and bytes out, and reads the response. */
    private static JsonNode invoke(AuthorizeHandler handler, JsonNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static Map<String, String> contextOf(JsonNode response) {
        Map<String, String> context = new LinkedHashMap<>();
        response.path("context").fields().forEachRemaining(entry -> context.put(entry.getKey(), entry.getValue().asText()));
        return context;
    }

    /** The error the endpoint answers with for this response, or {@code null} when it goes ahead. */
    private static ErrorCode verdictOf(JsonNode response, String routeKey) {
        try {
            AuthorizationContext.enforce(routeKey, contextOf(response));
            return null;
        } catch (RegistryException refused) {
            return refused.code();
        }
    }

    private static String secretValue(String appKey, String... serverKeys) {
        ObjectNode secret = JSON.createObjectNode();
        secret.putArray("app_key_sha256").add(ApiKeys.hexDigest(appKey));
        for (String key : serverKeys) {
            secret.withArray("server_key_sha256").add(ApiKeys.hexDigest(key));
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("ARN", SECRET_ARN);
        answer.put("Name", "push-registry-keys");
        answer.put("VersionId", "v1");
        answer.put("SecretString", secret.toString());
        return answer.toString();
    }

    private String identityToken(RSAKey key, String subject) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(clock.peek().plusSeconds(600))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void theSampleEventIsLetThroughWithAnAllowVerdictInTheShapeApiGatewayReads() throws Exception {
        AuthorizeHandler authorize = handler(Map.of("APP_KEYS", "local-app-key", "SERVER_KEYS", "local-server-key"));
        JsonNode sample = JSON.readTree(Files.readAllBytes(SampleEvents.projectRoot().resolve("events/authorize.json")));

        JsonNode response = invoke(authorize, sample);

        assertTrue(response.get("isAuthorized").isBoolean() && response.get("isAuthorized").asBoolean(), response.toString());
        assertEquals("allow", response.at("/context/verdict").asText(), response.toString());
        assertEquals("app", response.at("/context/audience").asText(), response.toString());
        response.get("context").forEach(value -> assertTrue(value.isTextual(), "context values are strings: " + response));
    }

    @Test
    void anEventThatIsNotJsonIsARequestWithoutCredentials() throws Exception {
        AuthorizeHandler authorize = handler(Map.of("APP_KEYS", "app-1", "SERVER_KEYS", "server-1"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        authorize.handleRequest(new ByteArrayInputStream("not json".getBytes(StandardCharsets.UTF_8)), out, null);

        assertEquals(ErrorCode.UNAUTHORIZED, verdictOf(JSON.readTree(out.toByteArray()), "POST /v1/devices"));
    }

    @Test
    void keysInASecretAreReadAgainSoARotationTakesEffectWithoutARedeploy() throws Exception {
        try (LocalHttpEndpoint secretsManager = LocalHttpEndpoint.serving("application/x-amz-json-1.1")) {
            secretsManager.answer(200, secretValue("app-1", "server-old", "server-new"));
            AuthorizeHandler authorize = handler(Map.of(
                    "API_KEYS_SECRET_ARN", SECRET_ARN,
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.url()));
            assertTrue(secretsManager.lastRequest().contains(SECRET_ARN), secretsManager.lastRequest());

            String send = "POST /v1/sends";
            assertEquals(null, verdictOf(invoke(authorize, request(send, Map.of("authorization", "Bearer server-old"))), send));
            assertEquals(null, verdictOf(invoke(authorize, request(send, Map.of("authorization", "Bearer server-new"))), send));
            assertEquals(ErrorCode.FORBIDDEN, verdictOf(invoke(authorize, request(send, Map.of("x-api-key", "app-1"))), send));

            secretsManager.answer(200, secretValue("app-1", "server-new"));
            clock.advance(Duration.ofSeconds(AuthorizerWiring.DEFAULT_API_KEYS_REFRESH_SECONDS));

            assertEquals(ErrorCode.UNAUTHORIZED,
                    verdictOf(invoke(authorize, request(send, Map.of("authorization", "Bearer server-old"))), send));
            assertEquals(null, verdictOf(invoke(authorize, request(send, Map.of("authorization", "Bearer server-new"))), send));
            assertEquals(2, secretsManager.requests(), "read at start-up and once after the refresh interval");
        }
    }

    @Test
    void anUnreadableSecretStopsTheAuthorizerAtStartUpAndKeysAreNeverOptional() {
        try (LocalHttpEndpoint secretsManager = LocalHttpEndpoint.serving("application/x-amz-json-1.1")) {
            secretsManager.answer(400, "{\"__type\":\"ResourceNotFoundException\",\"message\":\"no such secret\"}");
            IllegalStateException unreadable = assertThrows(IllegalStateException.class, () -> handler(Map.of(
                    "API_KEYS_SECRET_ARN", SECRET_ARN,
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.url())));
            assertTrue(unreadable.getMessage().contains("API_KEYS_SECRET_ARN"), unreadable.getMessage());
        }
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> handler(Map.of()));
        assertTrue(none.getMessage().contains("APP_KEYS"), none.getMessage());
    }

    @Test
    void identityTokensAreCheckedAgainstTheJwksAtItsUrlAndANewKeyIsPickedUp() throws Exception {
        RSAKey first = new RSAKeyGenerator(2048).keyID("first").generate();
        RSAKey second = new RSAKeyGenerator(2048).keyID("second").generate();
        try (LocalHttpEndpoint jwks = LocalHttpEndpoint.serving("application/json")) {
            jwks.answer(200, new JWKSet(first.toPublicJWK()).toString());
            AuthorizeHandler authorize = handler(Map.of("APP_KEYS", "app-1", "SERVER_KEYS", "server-1",
                    "IDENTITY_JWKS_URL", jwks.url() + "jwks.json"));
            String identify = "POST /v1/identify";

            JsonNode fromFirst = invoke(authorize, request(identify,
                    Map.of("x-api-key", "app-1", "x-identity-token", identityToken(first, "cust-42"))));
            assertEquals(null, verdictOf(fromFirst, identify));
            assertEquals("cust-42", fromFirst.at("/context/identity_subject").asText());
            assertEquals(ErrorCode.UNAUTHORIZED, verdictOf(invoke(authorize, request(identify,
                    Map.of("x-api-key", "app-1"))), identify), "no identity token");

            jwks.answer(200, new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK())).toString());
            JsonNode fromSecond = invoke(authorize, request(identify,
                    Map.of("x-api-key", "app-1", "x-identity-token", identityToken(second, "cust-7"))));
            assertEquals(null, verdictOf(fromSecond, identify), "a key added to the JWKS is fetched when a token names it");
            assertEquals("cust-7", fromSecond.at("/context/identity_subject").asText());
        }
    }

    @Test
    void theIssuerAndAudienceSettingsRefuseTokensMeantForSomethingElse(@TempDir Path folder) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("backend").generate();
        Path jwks = Files.writeString(folder.resolve("jwks.json"), new JWKSet(key.toPublicJWK()).toString());
        AuthorizeHandler authorize = handler(Map.of("APP_KEYS", "app-1", "SERVER_KEYS", "server-1",
                "PUSH_REGISTRY_IDENTITY_JWKS", jwks.toString(),
                "IDENTITY_ISSUER", "https://backend.example", "IDENTITY_AUDIENCE", "push-registry"));
        String identify = "POST /v1/identify";

        ErrorCode meantForTheRegistry = verdictOf(invoke(authorize, request(identify, Map.of("x-api-key", "app-1",
                "x-identity-token", signed(key, "https://backend.example", "push-registry")))), identify);
        ErrorCode sessionToken = verdictOf(invoke(authorize, request(identify, Map.of("x-api-key", "app-1",
                "x-identity-token", signed(key, "https://backend.example", "web")))), identify);

        assertEquals(null, meantForTheRegistry);
        assertEquals(ErrorCode.UNAUTHORIZED, sessionToken);
    }

    private String signed(RSAKey key, String issuer, String audience) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject("cust-42").issuer(issuer).audience(audience)
                        .expirationTime(Date.from(clock.peek().plusSeconds(600))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void aJwksThatCannotBeFetchedIsAnInternalErrorNotARefusedPerson() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("only").generate();
        try (LocalHttpEndpoint jwks = LocalHttpEndpoint.serving("application/json")) {
            jwks.answer(503, "unavailable");
            AuthorizeHandler authorize = handler(Map.of("APP_KEYS", "app-1", "SERVER_KEYS", "server-1",
                    "IDENTITY_JWKS_URL", jwks.url()));
            String logout = "POST /v1/logout";

            JsonNode response = invoke(authorize, request(logout,
                    Map.of("x-api-key", "app-1", "x-identity-token", identityToken(key, "cust-42"))));

            assertEquals(ErrorCode.INTERNAL, verdictOf(response, logout));
            assertTrue(response.get("isAuthorized").asBoolean(), "the endpoint answers the 500, not API Gateway");
        }
    }
}
