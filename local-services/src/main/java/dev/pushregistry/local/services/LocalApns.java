package dev.pushregistry.local.services;

import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.UnregisteredDeviceTokenException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * APNs on this machine, both of Apple's endpoints: production and development, each Pushy's
 * {@link MockApnsServer} over real TLS (a localhost certificate that ships with this module),
 * answering each token as the {@link PushInbox} says. Each app gets its own credentials
 * ({@link #credentialsJson(String)}: its topic, key id and a signing key generated here, nobody's
 * secret), and each push accepted is put in the inbox with the app its topic names and the endpoint
 * that took it.
 */
public final class LocalApns implements AutoCloseable {
    private static final String TOPIC_PREFIX = "dev.pushregistry.";
    /** What an app's topic ends with for its Live Activity pushes. */
    private static final String LIVE_ACTIVITY_SUFFIX = ".push-type.liveactivity";
    private static final String CERTIFICATE = "local-apns-cert.pem";
    private static final String KEY = "local-apns-key.pem";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockApnsServer production;
    private final MockApnsServer development;
    private final int port;
    private final int developmentPort;
    private final Map<String, String> signingKeys = new ConcurrentHashMap<>();

    private LocalApns(MockApnsServer production, int port, MockApnsServer development, int developmentPort) {
        this.production = production;
        this.port = port;
        this.development = development;
        this.developmentPort = developmentPort;
    }

    /** Starts both endpoints on any free ports. */
    public static LocalApns start(PushInbox inbox, Clock clock) {
        return start(0, 0, inbox, clock);
    }

    /** Starts production on {@code port} and development on {@code developmentPort} (0: any free port). */
    public static LocalApns start(int port, int developmentPort, PushInbox inbox, Clock clock) {
        MockApnsServer production = null;
        try {
            production = server(inbox, clock, "production");
            int productionBound = production.start(port).get();
            MockApnsServer development = server(inbox, clock, "development");
            return new LocalApns(production, productionBound, development, development.start(developmentPort).get());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            shutDown(production);
            throw new IllegalStateException("interrupted while starting local APNs", interrupted);
        } catch (java.util.concurrent.ExecutionException failure) {
            shutDown(production);
            throw new IllegalStateException("local APNs did not start", failure.getCause());
        }
    }

    private static void shutDown(MockApnsServer server) {
        if (server != null) {
            server.shutdown().join();
        }
    }

    private static MockApnsServer server(PushInbox inbox, Clock clock, String environment) {
        try (InputStream certificate = resource(CERTIFICATE); InputStream key = resource(KEY)) {
            return new MockApnsServerBuilder()
                    .setServerCredentials(certificate, key, null)
                    .setHandlerFactory(session -> handler(inbox, clock, environment))
                    .build();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** The production endpoint's port. */
    public int port() {
        return port;
    }

    /** The development endpoint's port. */
    public int developmentPort() {
        return developmentPort;
    }

    /**
     * The provider secret that points the APNs sender here for {@code appId}, in the shape the sender
     * reads: key id ({@link #keyIdOf}), team id, topic ({@link #topicOf}), the app's signing key, both
     * endpoints and the certificate to trust.
     */
    public String credentialsJson(String appId) {
        ObjectNode json = JSON.createObjectNode();
        json.put("key_id", keyIdOf(appId));
        json.put("team_id", "LOCALTEAM1");
        json.put("topic", topicOf(appId));
        json.put("private_key", signingKeys.computeIfAbsent(appId, app -> generateSigningKey()));
        json.put("host", "127.0.0.1");
        json.put("port", Integer.toString(port));
        json.put("development_host", "127.0.0.1");
        json.put("development_port", Integer.toString(developmentPort));
        json.put("trusted_certificate", certificatePem());
        return json.toString();
    }

    /** The topic (bundle id) of an app's local credentials. */
    public static String topicOf(String appId) {
        return TOPIC_PREFIX + appId;
    }

    /** The key id of an app's local credentials: ten characters, as Apple's are. */
    public static String keyIdOf(String appId) {
        String letters = appId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        return ("K" + letters + "0000000000").substring(0, 10);
    }

    /** The certificate the server presents (a client must trust it). */
    public static String certificatePem() {
        try (InputStream certificate = resource(CERTIFICATE)) {
            return new String(certificate.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private static PushNotificationHandler handler(PushInbox inbox, Clock clock, String environment) {
        return (Http2Headers headers, ByteBuf payload) -> {
            String path = String.valueOf(headers.path());
            String token = path.substring(path.lastIndexOf('/') + 1);
            PushInbox.TokenVerdict verdict = inbox.verdictFor(token);
            Verdict answer = verdict.verdict() != Verdict.DEVELOPMENT_TOKEN ? verdict.verdict()
                    : environment.equals("development") ? Verdict.ACCEPT : Verdict.BAD_TOKEN;
            String topic = String.valueOf(headers.get("apns-topic"));
            boolean liveActivity = "liveactivity".equals(String.valueOf(headers.get("apns-push-type")));
            if (answer == Verdict.ACCEPT && liveActivity != topic.endsWith(LIVE_ACTIVITY_SUFFIX)) {
                // as APNs: a Live Activity push goes to <topic>.push-type.liveactivity, and only it does
                throw new RejectedNotificationException(RejectionReason.DEVICE_TOKEN_NOT_FOR_TOPIC);
            }
            switch (answer) {
                case ACCEPT -> {
                    String app = topic.startsWith(TOPIC_PREFIX) ? topic.substring(TOPIC_PREFIX.length()) : topic;
                    inbox.accepted(new PushInbox.AcceptedPush(clock.instant(), "apns",
                            liveActivity ? app.substring(0, app.length() - LIVE_ACTIVITY_SUFFIX.length()) : app,
                            environment, token, deliveryHeaders(headers), parse(payload)));
                }
                case UNREGISTERED -> throw new UnregisteredDeviceTokenException(
                        verdict.invalidSince() != null ? verdict.invalidSince() : clock.instant());
                case BAD_TOKEN -> throw new RejectedNotificationException(RejectionReason.BAD_DEVICE_TOKEN);
                case WRONG_SENDER -> throw new RejectedNotificationException(RejectionReason.DEVICE_TOKEN_NOT_FOR_TOPIC);
                case TOO_MANY_REQUESTS -> throw new RejectedNotificationException(RejectionReason.TOO_MANY_REQUESTS);
                case UNAVAILABLE -> throw new RejectedNotificationException(RejectionReason.SERVICE_UNAVAILABLE);
                case INTERNAL_ERROR -> throw new IllegalStateException("local APNs: internal error as asked");
                case MISCONFIGURED -> throw new RejectedNotificationException(RejectionReason.BAD_TOPIC);
                case BAD_MESSAGE -> throw new RejectedNotificationException(RejectionReason.PAYLOAD_TOO_LARGE);
                default -> throw new IllegalStateException("no APNs answer for " + answer);
            }
        };
    }

    /** The headers that shape delivery, and {@code key_id}: the signing key named by the request's token. */
    private static Map<String, String> deliveryHeaders(Http2Headers headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        keyId(headers.get("authorization")).ifPresent(keyId -> kept.put("key_id", keyId));
        for (String name : new String[] {"apns-topic", "apns-push-type", "apns-priority", "apns-expiration",
                "apns-collapse-id"}) {
            CharSequence value = headers.get(name);
            if (value != null) {
                kept.put(name, value.toString());
            }
        }
        return kept;
    }

    /** The {@code kid} in the header of the JWT in {@code authorization: bearer <jwt>}. */
    private static Optional<String> keyId(CharSequence authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String jwt = authorization.toString().replaceFirst("(?i)^bearer ", "");
        try {
            byte[] header = Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.')));
            return Optional.ofNullable(JSON.readTree(header).path("kid").textValue());
        } catch (IOException | IllegalArgumentException | StringIndexOutOfBoundsException notAJwt) {
            return Optional.empty();
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(ByteBuf payload) {
        try {
            return JSON.readTree(payload.toString(StandardCharsets.UTF_8));
        } catch (IOException notJson) {
            return JSON.getNodeFactory().textNode(payload.toString(StandardCharsets.UTF_8));
        }
    }

    private static String generateSigningKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (NoSuchAlgorithmException | java.security.InvalidAlgorithmParameterException impossible) {
            throw new IllegalStateException("this JVM cannot make EC keys", impossible);
        }
    }

    private static InputStream resource(String name) {
        InputStream stream = LocalApns.class.getResourceAsStream(name);
        if (stream == null) {
            throw new IllegalStateException("missing resource " + name);
        }
        return stream;
    }

    @Override
    public void close() {
        try {
            production.shutdown().join();
        } finally {
            development.shutdown().join();
        }
    }
}
