package dev.pushregistry.functions.identify;

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
import dev.pushregistry.authorizer.ApiKeys;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.core.fixtures.TickingClock;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.store.dynamodb.fixtures.DynamoDbLocal;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.testing.Bodies;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identify function checks each request itself, wired as Lambda wires it from environment
 * variables: keys in plain text (local) or as digests in a Secrets Manager secret (deployed, here an
 * endpoint on loopback speaking its protocol), identity tokens against a JWKS served over HTTP. It
 * is invoked as Lambda invokes it, the event's bytes in and the answer's bytes out, and a refusal is
 * the API's own 401, 403 or 500 answer.
 */
class IdentifyAccessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:push-registry-keys-Ab12Cd";
    private static final String IDENTIFY = "POST /v1/identify";

    private final TickingClock clock = TickingClock.startingAt("2026-11-22T10:00:00Z");
    private TestRegistry registry;

    @BeforeEach
    void setUp() {
        registry = TestRegistry.create();
    }

    private Map<String, String> environment(Map<String, String> own) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "TABLE_NAME", registry.table(),
                "AWS_REGION", "eu-central-1",
                "AWS_ACCESS_KEY_ID", "local",
                "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_ENDPOINT_URL_DYNAMODB", DynamoDbLocal.server().endpoint().toString()));
        environment.putAll(own);
        return environment;
    }

    private IdentifyHandler handler(Map<String, String> own) {
        return new IdentifyHandler(IdentifyHandler.partsFrom(new Settings(environment(own)), clock));
    }

    /** The sample event for {@code person}, with a new token and these headers. */
    private static ObjectNode request(String person, Map<String, String> headers) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(SampleEvents.projectRoot().resolve("events/identify.json").toFile());
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        event.put("body", "{\"person_id\":\"" + person + "\",\"token\":\"" + Tokens.apns() + "\",\"platform\":\"ios\"}");
        return event;
    }

    /** Invokes the handler as Lambda does, bytes in and bytes out, and reads the answer. */
    private static JsonNode invoke(IdentifyHandler handler, JsonNode event) throws IOException {
        return invoke(handler, JSON.writeValueAsBytes(event));
    }

    private static JsonNode invoke(IdentifyHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static int status(JsonNode answer) {
        return answer.get("statusCode").asInt();
    }

    private static String errorCode(JsonNode answer) {
        return Bodies.jsonText(answer.get("body").asText()).at("/error/code").asText();
    }

    private static String secretValue(List<String> appKeys, String serverKey) {
        ObjectNode secret = JSON.createObjectNode();
        appKeys.forEach(key -> secret.withArray("app_key_sha256").add(ApiKeys.hexDigest(key)));
        secret.putArray("server_key_sha256").add(ApiKeys.hexDigest(serverKey));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("ARN", SECRET_ARN);
        answer.put("Name", "push-registry-keys");
        answer.put("VersionId", "v1");
        answer.put("SecretString", secret.toString());
        return answer.toString();
    }

    private String identityToken(RSAKey key, String subject) throws Exception {
        return signed(key, subject, null, null);
    }

    private String signed(RSAKey key, String subject, String issuer, String audience) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(subject).issuer(issuer).audience(audience)
                        .expirationTime(Date.from(clock.peek().plusSeconds(600))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void theSampleEventIsAnsweredAndARequestWithoutAKnownKeyIsRefusedByTheFunction() throws Exception {
        IdentifyHandler identify = handler(Map.of("APP_KEYS", "local-app-key", "SERVER_KEYS", "local-server-key"));

        JsonNode sample = invoke(identify, Files.readAllBytes(SampleEvents.projectRoot().resolve("events/identify.json")));
        JsonNode unknownKey = invoke(identify, request("cust-42", Map.of("x-api-key", "not-a-key")));
        JsonNode noKey = invoke(identify, request("cust-42", Map.of()));

        assertEquals(200, status(sample), sample.toString());
        assertEquals(401, status(unknownKey), unknownKey.toString());
        assertEquals("unauthorized", errorCode(unknownKey));
        assertEquals(401, status(noKey), noKey.toString());
        assertTrue(registry.people().devices("cust-42", clock.peek()).devices().size() == 1,
                "only the sample's token was written");
    }

    @Test
    void anEventThatIsNotJsonIsABadRequest() throws Exception {
        IdentifyHandler identify = handler(Map.of("APP_KEYS", "app-1", "SERVER_KEYS", "server-1"));

        JsonNode answer = invoke(identify, "not json".getBytes(StandardCharsets.UTF_8));

        assertEquals(400, status(answer), answer.toString());
        assertEquals("invalid_json", errorCode(answer));
    }

    @Test
    void keysInASecretAreReadAgainSoARotationTakesEffectWithoutARedeploy() throws Exception {
        try (LocalHttpEndpoint secretsManager = LocalHttpEndpoint.serving("application/x-amz-json-1.1")) {
            secretsManager.answer(200, secretValue(List.of("app-old", "app-new"), "server-1"));
            IdentifyHandler identify = handler(Map.of(
                    "API_KEYS_SECRET_ARN", SECRET_ARN,
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.url()));
            assertTrue(secretsManager.lastRequest().contains(SECRET_ARN), secretsManager.lastRequest());

            assertEquals(200, status(invoke(identify, request("ann", Map.of("x-api-key", "app-old")))));
            assertEquals(200, status(invoke(identify, request("ann", Map.of("x-api-key", "app-new")))));
            assertEquals(200, status(invoke(identify, request("ann", Map.of("authorization", "Bearer server-1")))),
                    "a server key may call every endpoint");

            secretsManager.answer(200, secretValue(List.of("app-new"), "server-1"));
            clock.advance(Duration.ofSeconds(AuthorizerWiring.DEFAULT_API_KEYS_REFRESH_SECONDS));

            assertEquals(401, status(invoke(identify, request("ann", Map.of("x-api-key", "app-old")))));
            assertEquals(200, status(invoke(identify, request("ann", Map.of("x-api-key", "app-new")))));
            assertEquals(2, secretsManager.requests(), "read at start-up and once after the refresh interval");
        }
    }

    @Test
    void anUnreadableSecretStopsTheFunctionAtStartUpAndKeysAreNeverOptional() {
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
            IdentifyHandler identify = handler(Map.of("APP_KEYS", "app-1", "SERVER_KEYS", "server-1",
                    "IDENTITY_JWKS_URL", jwks.url() + "jwks.json"));

            JsonNode fromFirst = invoke(identify, request("cust-42",
                    Map.of("x-api-key", "app-1", "x-identity-token", identityToken(first, "cust-42"))));
            JsonNode forAnother = invoke(identify, request("cust-7",
                    Map.of("x-api-key", "app-1", "x-identity-token", identityToken(first, "cust-42"))));
            JsonNode without = invoke(identify, request("cust-42", Map.of("x-api-key", "app-1")));
            assertEquals(200, status(fromFirst), fromFirst.toString());
            assertEquals(401, status(forAnother), "the token names another person");
            assertEquals(401, status(without), "no identity token");

            jwks.answer(200, new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK())).toString());
            JsonNode fromSecond = invoke(identify, request("cust-7",
                    Map.of("x-api-key", "app-1", "x-identity-token", identityToken(second, "cust-7"))));
            assertEquals(200, status(fromSecond), "a key added to the JWKS is fetched when a token names it");
        }
    }

    @Test
    void theIssuerAndAudienceSettingsRefuseTokensMeantForSomethingElse(@TempDir Path folder) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("backend").generate();
        Path jwks = Files.writeString(folder.resolve("jwks.json"), new JWKSet(key.toPublicJWK()).toString());
        IdentifyHandler identify = handler(Map.of("APP_KEYS", "app-1", "SERVER_KEYS", "server-1",
                "PUSH_REGISTRY_IDENTITY_JWKS", jwks.toString(),
                "IDENTITY_ISSUER", "https://backend.example", "IDENTITY_AUDIENCE", "push-registry"));

        JsonNode meantForTheRegistry = invoke(identify, request("cust-42", Map.of("x-api-key", "app-1",
                "x-identity-token", signed(key, "cust-42", "https://backend.example", "push-registry"))));
        JsonNode sessionToken = invoke(identify, request("cust-42", Map.of("x-api-key", "app-1",
                "x-identity-token", signed(key, "cust-42", "https://backend.example", "web"))));

        assertEquals(200, status(meantForTheRegistry), meantForTheRegistry.toString());
        assertEquals(401, status(sessionToken), sessionToken.toString());
    }

    @Test
    void aJwksThatCannotBeFetchedIsUnauthorizedNeverAnInternalError() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("only").generate();
        try (LocalHttpEndpoint jwks = LocalHttpEndpoint.serving("application/json")) {
            jwks.answer(503, "unavailable");
            IdentifyHandler identify = handler(Map.of("APP_KEYS", "app-1", "SERVER_KEYS", "server-1",
                    "IDENTITY_JWKS_URL", jwks.url()));

            JsonNode answer = invoke(identify, request("cust-42",
                    Map.of("x-api-key", "app-1", "x-identity-token", identityToken(key, "cust-42"))));

            assertEquals(401, status(answer), answer.toString());
            assertEquals("unauthorized", errorCode(answer));
        }
    }
}
