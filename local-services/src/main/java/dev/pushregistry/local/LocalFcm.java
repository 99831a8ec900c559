package dev.pushregistry.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * FCM on this machine: an HTTP endpoint that answers {@code POST /v1/projects/{project}/messages:send}
 * as FCM's HTTP v1 API does, with its canonical error bodies, for each token as the
 * {@link PushInbox} says, and an OAuth token endpoint, so that the real Firebase Admin SDK talks to
 * it with nothing but a service-account key ({@link #credentialsJson}) and an endpoint
 * ({@link #endpointUrl}).
 */
public final class LocalFcm implements AutoCloseable {
    /** The project of the local app. */
    public static final String PROJECT = "push-registry-local";
    private static final String TOKEN_PATH = "/token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final PushInbox inbox;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    private LocalFcm(HttpServer server, PushInbox inbox, Clock clock) {
        this.server = server;
        this.inbox = inbox;
        this.clock = clock;
    }

    /** Starts on {@code port} (0: any free port). */
    public static LocalFcm start(int port, PushInbox inbox, Clock clock) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            LocalFcm fcm = new LocalFcm(server, inbox, clock);
            server.createContext("/v1/projects/", fcm::handle);
            server.createContext(TOKEN_PATH, fcm::token);
            server.setExecutor(Executors.newFixedThreadPool(8, runnable -> {
                Thread thread = new Thread(runnable, "local-fcm");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return fcm;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where to point an FCM sender ({@code FCM_ENDPOINT_URL}). */
    public String endpointUrl() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * A service-account key for the local project whose {@code token_uri} is this server, which
     * hands out access tokens to anyone: what the FCM sender reads as its credentials here.
     */
    public String credentialsJson() {
        return serviceAccountJson(PROJECT, endpointUrl() + TOKEN_PATH);
    }

    /** A service-account key in Google's shape, with a fresh RSA key nobody else has. */
    public static String serviceAccountJson(String projectId, String tokenUri) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            ObjectNode json = JSON.createObjectNode();
            json.put("type", "service_account");
            json.put("project_id", projectId);
            json.put("private_key_id", "local");
            json.put("private_key", "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
            json.put("client_email", "push-registry@" + projectId + ".iam.gserviceaccount.com");
            json.put("client_id", "1");
            json.put("token_uri", tokenUri);
            return json.toString();
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("this JVM cannot make RSA keys", impossible);
        }
    }

    /** The OAuth token exchange: any signed assertion gets a token (nothing here checks it). */
    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, 200, JSON.createObjectNode().put("access_token", "local-access-token")
                    .put("expires_in", 3600).put("token_type", "Bearer"));
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith("/messages:send")) {
                answer(exchange, 404, error(404, "NOT_FOUND", "no such method", null));
                return;
            }
            JsonNode message = JSON.readTree(exchange.getRequestBody()).path("message");
            String token = message.path("token").asText("");
            PushInbox.TokenVerdict verdict = inbox.verdictFor(token);
            switch (verdict.verdict()) {
                case ACCEPT -> {
                    inbox.accepted(new PushInbox.AcceptedPush(clock.instant(), "fcm", token, Map.of(), message));
                    ObjectNode body = JSON.createObjectNode()
                            .put("name", "projects/" + PROJECT + "/messages/0:" + sequence.incrementAndGet());
                    answer(exchange, 200, body);
                }
                case UNREGISTERED -> answer(exchange, 404,
                        error(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED"));
                case BAD_TOKEN -> answer(exchange, 400, error(400, "INVALID_ARGUMENT",
                        "The registration token is not a valid FCM registration token", "INVALID_ARGUMENT"));
                case WRONG_SENDER -> answer(exchange, 403,
                        error(403, "PERMISSION_DENIED", "SenderId mismatch", "SENDER_ID_MISMATCH"));
                case TOO_MANY_REQUESTS -> answer(exchange, 429,
                        error(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", "QUOTA_EXCEEDED"));
                case UNAVAILABLE -> {
                    // A long Retry-After makes the SDK hand the failure back at once instead of waiting.
                    exchange.getResponseHeaders().add("Retry-After", "3600");
                    answer(exchange, 503, error(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE"));
                }
                case INTERNAL_ERROR -> answer(exchange, 500,
                        error(500, "INTERNAL", "Internal error encountered.", "INTERNAL"));
                case MISCONFIGURED -> answer(exchange, 401, error(401, "UNAUTHENTICATED",
                        "Auth error from APNS or Web Push Service", "THIRD_PARTY_AUTH_ERROR"));
                case BAD_MESSAGE -> answer(exchange, 400, error(400, "INVALID_ARGUMENT",
                        "Request contains an invalid argument.", "INVALID_ARGUMENT"));
                default -> answer(exchange, 500, error(500, "INTERNAL", "no answer for " + verdict.verdict(), "INTERNAL"));
            }
        }
    }

    private static ObjectNode error(int code, String status, String message, String fcmErrorCode) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        if (fcmErrorCode != null) {
            ObjectNode detail = error.putArray("details").addObject();
            detail.put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError");
            detail.put("errorCode", fcmErrorCode);
        }
        return body;
    }

    private static void answer(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
