package dev.pushregistry.local.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.nio.AsyncRequestConsumer;
import org.apache.hc.core5.http.nio.AsyncServerRequestHandler;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.AsyncResponseBuilder;
import org.apache.hc.core5.http.nio.support.BasicRequestConsumer;
import org.apache.hc.core5.http.nio.support.BasicServerExchangeHandler;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.impl.nio.bootstrap.H2ServerBootstrap;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.ListenerEndpoint;

/**
 * FCM on this machine: an HTTP endpoint that answers {@code POST /v1/projects/{project}/messages:send}
 * as FCM's HTTP v1 API does, with its canonical error bodies, for each token as the
 * {@link PushInbox} says, and an OAuth token endpoint, so that the real Firebase Admin SDK talks to
 * it with nothing but a service-account key ({@link #credentialsJson}) and an endpoint
 * ({@link #endpointUrl}). It speaks HTTP/2 (cleartext, with prior knowledge), as the sender's
 * transport does, or HTTP/1.1 ({@link Protocol}), so that both of the SDK's transports can be
 * measured against it; Google's endpoint speaks both over TLS.
 */
public final class LocalFcm implements AutoCloseable {
    private static final String PROJECT_PREFIX = "push-registry-";
    private static final String TOKEN_PATH = "/token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PushInbox inbox;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private HttpAsyncServer server;
    private int port;

    private LocalFcm(PushInbox inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
    }

    /** Starts on {@code port} (0: any free port), speaking HTTP/2 (cleartext, with prior knowledge). */
    public static LocalFcm start(int port, PushInbox inbox, Clock clock) {
        return start(port, inbox, clock, Protocol.HTTP_2);
    }

    /** The HTTP version a local endpoint speaks. */
    public enum Protocol {
        /** HTTP/1.1, what Firebase Admin's JDK transport speaks. */
        HTTP_1_1(HttpVersionPolicy.FORCE_HTTP_1),
        /** HTTP/2 without TLS, sent with prior knowledge: what its HTTP/2 transport speaks to a plain endpoint. */
        HTTP_2(HttpVersionPolicy.FORCE_HTTP_2);

        private final HttpVersionPolicy policy;

        Protocol(HttpVersionPolicy policy) {
            this.policy = policy;
        }
    }

    /** Starts on {@code port} (0: any free port), speaking {@code protocol}. */
    public static LocalFcm start(int port, PushInbox inbox, Clock clock, Protocol protocol) {
        LocalFcm fcm = new LocalFcm(inbox, clock);
        AsyncServerRequestHandler<Message<HttpRequest, byte[]>> token = fcm.handler(fcm::token);
        AsyncServerRequestHandler<Message<HttpRequest, byte[]>> send = fcm.handler(fcm::send);
        fcm.server = H2ServerBootstrap.bootstrap()
                .setVersionPolicy(protocol.policy)
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(2).build())
                // by path alone, whatever host the request names (the SDK may still name Google's)
                .setRequestRouter((request, context) -> {
                    String path = request.getPath();
                    if (path.startsWith(TOKEN_PATH)) {
                        return () -> new BasicServerExchangeHandler<>(token);
                    }
                    return path.startsWith("/v1/projects/") ? () -> new BasicServerExchangeHandler<>(send) : null;
                })
                .create();
        fcm.server.start();
        try {
            ListenerEndpoint listening = fcm.server.listen(new InetSocketAddress("127.0.0.1", port), URIScheme.HTTP).get();
            fcm.port = ((InetSocketAddress) listening.getAddress()).getPort();
            return fcm;
        } catch (ExecutionException failure) {
            fcm.close();
            throw new IllegalStateException("the local FCM endpoint could not listen on port " + port, failure.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            fcm.close();
            throw new IllegalStateException("interrupted while the local FCM endpoint started", interrupted);
        }
    }

    public int port() {
        return port;
    }

    /** Where to point an FCM sender ({@code FCM_ENDPOINT_URL}). */
    public String endpointUrl() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * A service-account key for an app's local project ({@link #projectOf}) whose {@code token_uri}
     * is this server, which hands out access tokens to anyone: what the FCM sender reads as the
     * app's credentials here.
     */
    public String credentialsJson(String appId) {
        return serviceAccountJson(projectOf(appId), endpointUrl() + TOKEN_PATH);
    }

    /** The Firebase project of an app's local credentials; each push accepted names the app it came from. */
    public static String projectOf(String appId) {
        return PROJECT_PREFIX + appId;
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

    /** An answer: its status, JSON body and extra headers. */
    private record Answer(int status, ObjectNode body, Map<String, String> headers) {
        Answer(int status, ObjectNode body) {
            this(status, body, Map.of());
        }
    }

    /** What a path answers, given the request and its body. */
    private interface Route {
        Answer answer(HttpRequest request, byte[] body) throws IOException;
    }

    /** Reads the request's whole body, then answers it on the I/O thread (nothing here blocks). */
    private AsyncServerRequestHandler<Message<HttpRequest, byte[]>> handler(Route route) {
        return new AsyncServerRequestHandler<>() {
            @Override
            public AsyncRequestConsumer<Message<HttpRequest, byte[]>> prepare(HttpRequest request, EntityDetails entity,
                                                                              HttpContext context) {
                return new BasicRequestConsumer<>(entity == null ? null : new BasicAsyncEntityConsumer());
            }

            @Override
            public void handle(Message<HttpRequest, byte[]> request, ResponseTrigger trigger, HttpContext context)
                    throws HttpException, IOException {
                byte[] body = request.getBody() == null ? new byte[0] : request.getBody();
                Answer answer = route.answer(request.getHead(), body);
                AsyncResponseBuilder response = AsyncResponseBuilder.create(answer.status())
                        .setEntity(answer.body().toString(), ContentType.APPLICATION_JSON);
                answer.headers().forEach(response::addHeader);
                trigger.submitResponse(response.build(), context);
            }
        };
    }

    /** The OAuth token exchange: any signed assertion gets a token (nothing here checks it). */
    private Answer token(HttpRequest request, byte[] body) {
        return new Answer(200, JSON.createObjectNode().put("access_token", "local-access-token")
                .put("expires_in", 3600).put("token_type", "Bearer"));
    }

    private Answer send(HttpRequest request, byte[] body) throws IOException {
        if (!"POST".equals(request.getMethod()) || !request.getPath().endsWith("/messages:send")) {
            return new Answer(404, error(404, "NOT_FOUND", "no such method", null));
        }
        JsonNode message = JSON.readTree(body).path("message");
        String token = message.path("token").asText("");
        String path = request.getPath();
        String project = path.substring("/v1/projects/".length(), path.indexOf("/messages:send"));
        PushInbox.TokenVerdict verdict = inbox.verdictFor(token);
        return switch (verdict.verdict()) {
            case ACCEPT, DEVELOPMENT_TOKEN -> {
                inbox.accepted(new PushInbox.AcceptedPush(clock.instant(), "fcm",
                        project.startsWith(PROJECT_PREFIX) ? project.substring(PROJECT_PREFIX.length()) : project,
                        null, token, Map.of(), message));
                yield new Answer(200, JSON.createObjectNode()
                        .put("name", "projects/" + project + "/messages/0:" + sequence.incrementAndGet()));
            }
            case UNREGISTERED -> new Answer(404,
                    error(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED"));
            case BAD_TOKEN -> new Answer(400, error(400, "INVALID_ARGUMENT",
                    "The registration token is not a valid FCM registration token", "INVALID_ARGUMENT"));
            case WRONG_SENDER -> new Answer(403,
                    error(403, "PERMISSION_DENIED", "SenderId mismatch", "SENDER_ID_MISMATCH"));
            case TOO_MANY_REQUESTS -> new Answer(429,
                    error(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", "QUOTA_EXCEEDED"));
            // A long Retry-After makes the SDK hand the failure back at once instead of waiting.
            case UNAVAILABLE -> new Answer(503,
                    error(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE"),
                    Map.of("Retry-After", "3600"));
            case INTERNAL_ERROR -> new Answer(500, error(500, "INTERNAL", "Internal error encountered.", "INTERNAL"));
            case MISCONFIGURED -> new Answer(401, error(401, "UNAUTHENTICATED",
                    "Auth error from APNS or Web Push Service", "THIRD_PARTY_AUTH_ERROR"));
            case BAD_MESSAGE -> new Answer(400, error(400, "INVALID_ARGUMENT",
                    "Request contains an invalid argument.", "INVALID_ARGUMENT"));
            default -> new Answer(500, error(500, "INTERNAL", "no answer for " + verdict.verdict(), "INTERNAL"));
        };
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

    @Override
    public void close() {
        server.close(CloseMode.IMMEDIATE);
    }
}
