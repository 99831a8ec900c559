package dev.pushregistry.local;

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
import java.util.Map;

/**
 * APNs on this machine: Pushy's {@link MockApnsServer} over real TLS (a localhost certificate that
 * ships with this module), answering each token as the {@link PushInbox} says. The signing key the
 * sender uses is generated at start: it is nobody's secret.
 */
public final class LocalApns implements AutoCloseable {
    /** The topic (bundle id) of the local app. */
    public static final String TOPIC = "dev.pushregistry.local";
    private static final String CERTIFICATE = "local-apns-cert.pem";
    private static final String KEY = "local-apns-key.pem";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockApnsServer server;
    private final int port;
    private final String signingKeyPem;

    private LocalApns(MockApnsServer server, int port, String signingKeyPem) {
        this.server = server;
        this.port = port;
        this.signingKeyPem = signingKeyPem;
    }

    /** Starts on {@code port} (0: any free port). */
    public static LocalApns start(int port, PushInbox inbox, Clock clock) {
        try (InputStream certificate = resource(CERTIFICATE); InputStream key = resource(KEY)) {
            MockApnsServer server = new MockApnsServerBuilder()
                    .setServerCredentials(certificate, key, null)
                    .setHandlerFactory(session -> handler(inbox, clock))
                    .build();
            int bound = server.start(port).get();
            return new LocalApns(server, bound, generateSigningKey());
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting local APNs", interrupted);
        } catch (java.util.concurrent.ExecutionException failure) {
            throw new IllegalStateException("local APNs did not start", failure.getCause());
        }
    }

    /**
     * The provider secret that points the APNs sender here, in the shape the sender reads (key id,
     * team id, topic, signing key, host, port and the certificate to trust).
     */
    public String credentialsJson() {
        ObjectNode json = JSON.createObjectNode();
        json.put("key_id", "LOCALKEY01");
        json.put("team_id", "LOCALTEAM1");
        json.put("topic", TOPIC);
        json.put("private_key", signingKeyPem);
        json.put("host", "127.0.0.1");
        json.put("port", Integer.toString(port));
        json.put("trusted_certificate", certificatePem());
        return json.toString();
    }

    /** The certificate the server presents (a client must trust it). */
    public static String certificatePem() {
        try (InputStream certificate = resource(CERTIFICATE)) {
            return new String(certificate.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private static PushNotificationHandler handler(PushInbox inbox, Clock clock) {
        return (Http2Headers headers, ByteBuf payload) -> {
            String path = String.valueOf(headers.path());
            String token = path.substring(path.lastIndexOf('/') + 1);
            PushInbox.TokenVerdict verdict = inbox.verdictFor(token);
            switch (verdict.verdict()) {
                case ACCEPT -> inbox.accepted(new PushInbox.AcceptedPush(clock.instant(), "apns", token,
                        deliveryHeaders(headers), parse(payload)));
                case UNREGISTERED -> throw new UnregisteredDeviceTokenException(
                        verdict.invalidSince() != null ? verdict.invalidSince() : clock.instant());
                case BAD_TOKEN -> throw new RejectedNotificationException(RejectionReason.BAD_DEVICE_TOKEN);
                case WRONG_SENDER -> throw new RejectedNotificationException(RejectionReason.DEVICE_TOKEN_NOT_FOR_TOPIC);
                case TOO_MANY_REQUESTS -> throw new RejectedNotificationException(RejectionReason.TOO_MANY_REQUESTS);
                case UNAVAILABLE -> throw new RejectedNotificationException(RejectionReason.SERVICE_UNAVAILABLE);
                case INTERNAL_ERROR -> throw new IllegalStateException("local APNs: internal error as asked");
                case MISCONFIGURED -> throw new RejectedNotificationException(RejectionReason.BAD_TOPIC);
                case BAD_MESSAGE -> throw new RejectedNotificationException(RejectionReason.PAYLOAD_TOO_LARGE);
                default -> throw new IllegalStateException("no APNs answer for " + verdict.verdict());
            }
        };
    }

    private static Map<String, String> deliveryHeaders(Http2Headers headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : new String[] {"apns-topic", "apns-push-type", "apns-priority", "apns-expiration",
                "apns-collapse-id"}) {
            CharSequence value = headers.get(name);
            if (value != null) {
                kept.put(name, value.toString());
            }
        }
        return kept;
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
        server.shutdown().join();
    }
}
