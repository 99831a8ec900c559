package dev.pushregistry.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * {@link SecretsManagerReader} against an HTTP endpoint on loopback that answers as Secrets Manager
 * does and keeps every request: what it sends (checked against the SigV4 algorithm as AWS publishes
 * it, computed here independently of the SDK), what it retries and what it refuses.
 */
class SecretsManagerReaderTest {
    private static final String ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:api-keys-Ab12Cd";
    private static final String KEY_ID = "AKIAEXAMPLEKEYID";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String SESSION = "session-token-example";
    private static final Instant NOW = Instant.parse("2026-11-28T03:04:05Z");

    /** One request as the endpoint received it. */
    private record Received(String method, String path, Map<String, String> headers, String body) {
    }

    /** One answer the endpoint gives, in turn. */
    private record Answer(int status, String body) {
    }

    private HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
                synchronized (received) {
                    received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                            headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                }
                Answer answer = answers.size() > 1 ? answers.poll() : answers.peek();
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(answer.status(), body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SecretsManagerReader reader() {
        return new SecretsManagerReader(UrlConnectionHttpClient.create(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), Region.EU_CENTRAL_1,
                StaticCredentialsProvider.create(AwsSessionCredentials.create(KEY_ID, SECRET_KEY, SESSION)),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Test
    void readsTheSecretWithOneGetSecretValueCallSignedAsSigV4Requires() throws Exception {
        answers.add(new Answer(200, "{\"ARN\":\"" + ARN + "\",\"Name\":\"api-keys\",\"SecretString\":\"{\\\"k\\\":1}\","
                + "\"VersionId\":\"v1\",\"CreatedDate\":1.7E9}"));

        assertEquals("{\"k\":1}", reader().secretString("API_KEYS_SECRET_ARN", ARN));

        Received call = received().get(0);
        assertEquals(1, received().size());
        assertEquals("POST", call.method());
        assertEquals("secretsmanager.GetSecretValue", call.headers().get("x-amz-target"));
        assertEquals("application/x-amz-json-1.1", call.headers().get("content-type"));
        assertEquals("{\"SecretId\":\"" + ARN + "\"}", call.body());
        assertEquals(SESSION, call.headers().get("x-amz-security-token"));
        assertEquals("20261128T030405Z", call.headers().get("x-amz-date"));
        Matcher authorization = Pattern.compile(
                "AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})")
                .matcher(call.headers().get("authorization"));
        assertTrue(authorization.matches(), call.headers().get("authorization"));
        assertEquals(KEY_ID + "/20261128/eu-central-1/secretsmanager/aws4_request", authorization.group(1));
        List<String> signed = List.of(authorization.group(2).split(";"));
        assertTrue(signed.containsAll(List.of("host", "x-amz-date", "x-amz-target", "x-amz-security-token",
                "content-type")), authorization.group(2));
        assertEquals(expectedSignature(call, signed), authorization.group(3));
    }

    @Test
    void aSecretThatIsMissingIsRefusedAtOnceNamingTheVariableAndTheReason() {
        answers.add(new Answer(400, "{\"__type\":\"ResourceNotFoundException\","
                + "\"message\":\"Secrets Manager can't find the specified secret.\"}"));

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> reader().secretString("APNS_SECRET_ARN", ARN));

        assertEquals("could not read the secret named by APNS_SECRET_ARN: ResourceNotFoundException",
                refused.getMessage());
        assertEquals(1, received().size());
    }

    @Test
    void aServiceFailureIsTriedAgainAndTheSecretReadOnTheNextAttempt() {
        answers.add(new Answer(500, "{\"__type\":\"InternalServiceError\",\"message\":\"try again\"}"));
        answers.add(new Answer(200, "{\"ARN\":\"" + ARN + "\",\"SecretString\":\"text\"}"));

        assertEquals("text", reader().secretString("FCM_SECRET_ARN", ARN));
        assertEquals(2, received().size());
    }

    @Test
    void throttlingIsTriedThreeTimesThenReported() {
        answers.add(new Answer(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"));

        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> reader().secretString("API_KEYS_SECRET_ARN", ARN));

        assertEquals("could not read the secret named by API_KEYS_SECRET_ARN: ThrottlingException", failed.getMessage());
        assertEquals(3, received().size());
    }

    @Test
    void aBinarySecretOrAnAnswerThatIsNotSecretsManagersSaysSoWithoutItsContent() {
        answers.add(new Answer(200, "{\"ARN\":\"" + ARN + "\",\"SecretBinary\":\"c2VjcmV0\"}"));
        IllegalStateException binary = assertThrows(IllegalStateException.class,
                () -> reader().secretString("API_KEYS_SECRET_ARN", ARN));
        answers.clear();
        answers.add(new Answer(200, "<html>captive portal</html>"));
        IllegalStateException notSecretsManager = assertThrows(IllegalStateException.class,
                () -> reader().secretString("API_KEYS_SECRET_ARN", ARN));

        assertTrue(binary.getMessage().endsWith("the secret has no text (a binary secret is not read)"),
                binary.getMessage());
        assertFalse(binary.getMessage().contains("c2VjcmV0"));
        assertTrue(notSecretsManager.getMessage().endsWith("the answer is not Secrets Manager's (HTTP 200)"),
                notSecretsManager.getMessage());
    }

    @Test
    void anEndpointThatCannotBeReachedIsReportedAsSuch() {
        answers.add(new Answer(200, "{}"));
        URI closed = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        server.stop(0);
        SecretsManagerReader reader = new SecretsManagerReader(UrlConnectionHttpClient.create(), closed,
                Region.EU_CENTRAL_1, StaticCredentialsProvider.create(AwsSessionCredentials.create(KEY_ID, SECRET_KEY,
                SESSION)), Clock.fixed(NOW, ZoneOffset.UTC));

        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> reader.secretString("API_KEYS_SECRET_ARN", ARN));

        assertTrue(failed.getMessage().startsWith(
                "could not read the secret named by API_KEYS_SECRET_ARN: Secrets Manager could not be reached"),
                failed.getMessage());
    }

    /** The signature AWS's published SigV4 steps give for the request as it arrived. */
    private static String expectedSignature(Received call, List<String> signedHeaders) throws Exception {
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders) {
            canonicalHeaders.append(name).append(':').append(call.headers().get(name).trim()).append('\n');
        }
        String canonicalRequest = String.join("\n", call.method(), call.path(), "", canonicalHeaders.toString(),
                String.join(";", signedHeaders), hex(sha256(call.body().getBytes(StandardCharsets.UTF_8))));
        String scope = "20261128/eu-central-1/secretsmanager/aws4_request";
        String toSign = String.join("\n", "AWS4-HMAC-SHA256", "20261128T030405Z", scope,
                hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), "20261128");
        for (String part : List.of("eu-central-1", "secretsmanager", "aws4_request")) {
            key = hmac(key, part);
        }
        return hex(hmac(key, toSign));
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
