package dev.pushregistry.functions.send.apns;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.sending.Delivery;
import dev.pushregistry.core.sending.Priority;
import dev.pushregistry.core.sending.PushGateway;
import dev.pushregistry.core.sending.PushMessage;
import dev.pushregistry.core.sending.PushResult;
import dev.pushregistry.messages.PushPayloads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * APNs for one app and endpoint through one Pushy client (token authentication, several HTTP/2
 * connections); the sender keeps one per app and environment ({@code RoutingGateway}). Apple's
 * answers are sorted into {@link PushResult}s; a failed future (connection trouble) is left for the
 * sender to retry.
 */
public final class ApnsGateway implements PushGateway, AutoCloseable {
    /** What an app's topic takes for its Live Activity pushes, as Apple requires. */
    static final String LIVE_ACTIVITY_TOPIC_SUFFIX = ".push-type.liveactivity";
    private static final Set<String> GONE = Set.of("Unregistered", "ExpiredToken");
    private static final Set<String> BAD_TOKEN = Set.of("BadDeviceToken", "DeviceTokenNotForTopic");
    private static final Set<String> TRANSIENT =
            Set.of("TooManyRequests", "InternalServerError", "ServiceUnavailable", "Shutdown", "IdleTimeout");

    /**
     * How long APNs keeps trying when the message names no lifetime: FCM's default, so both services
     * behave alike (without the header Pushy would send 0, "deliver now or never").
     */
    static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(PushMessage.MAX_TTL_SECONDS);

    /** How many distinct messages' payloads are kept; a batch usually carries one send's message. */
    private static final int PAYLOADS_KEPT = 64;

    private final ApnsClient client;
    private final String topic;
    private final Clock clock;
    /** Payloads by message: the deliveries of one send share their message, so it is encoded once. */
    private final Map<PushMessage, String> payloads = new ConcurrentHashMap<>();

    public ApnsGateway(ApnsClient client, String topic, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A client for the credentials and the endpoint of the environment, with {@code connections} HTTP/2 connections. */
    public static ApnsClient client(ApnsCredentials credentials, ApnsEnvironment environment, int connections) {
        ApnsCredentials.Endpoint endpoint = credentials.endpoint(environment);
        try {
            ApnsClientBuilder builder = new ApnsClientBuilder()
                    .setApnsServer(endpoint.host(), endpoint.port())
                    .setSigningKey(ApnsSigningKey.loadFromInputStream(
                            new ByteArrayInputStream(credentials.privateKeyPem().getBytes(StandardCharsets.UTF_8)),
                            credentials.teamId(), credentials.keyId()))
                    .setConcurrentConnections(connections);
            if (credentials.trustedCertificatePem() != null) {
                builder.setTrustedServerCertificateChain(new ByteArrayInputStream(
                        credentials.trustedCertificatePem().getBytes(StandardCharsets.UTF_8)));
            }
            return builder.build();
        } catch (IOException | GeneralSecurityException unusable) {
            throw new IllegalStateException("the APNs signing key cannot be used: " + unusable.getClass().getSimpleName());
        }
    }

    /**
     * A gateway that builds each delivery's APNs request as this one does (payload, push type,
     * priority, expiry) and sends nothing: what the sender's primed copy rehearses with.
     */
    static PushGateway rehearsal(Clock clock) {
        return PushGateway.rehearsal(Provider.APNS, delivery ->
                notification(delivery, "priming", apnsPayload(delivery.message()), clock.instant()));
    }

    @Override
    public Provider provider() {
        return Provider.APNS;
    }

    @Override
    public CompletableFuture<PushResult> push(Delivery delivery) {
        return client.sendNotification(notification(delivery, topic, payload(delivery.message()), clock.instant()))
                .thenApply(ApnsGateway::result);
    }

    private String payload(PushMessage message) {
        String payload = payloads.get(message);
        if (payload == null) {
            if (payloads.size() >= PAYLOADS_KEPT) {
                payloads.clear();
            }
            payload = apnsPayload(message);
            payloads.put(message, payload);
        }
        return payload;
    }

    /**
     * A message's APNs payload: a Live Activity push's built with Pushy's payload builder (its
     * {@code event}, {@code timestamp}, {@code content-state} and the rest), any other as
     * {@link PushPayloads#apnsPayload} writes it, which also sizes a Live Activity push's the same way.
     */
    static String apnsPayload(PushMessage message) {
        return message.liveActivity().isPresent() ? LiveActivityPayloads.payload(message)
                : PushPayloads.apnsPayload(message);
    }

    /**
     * The APNs request for a delivery: its message's payload, push type, priority, expiry and collapse
     * id. A Live Activity push goes to its Live Activity token, on the app's
     * {@code <topic>.push-type.liveactivity} topic, as push type {@code liveactivity}.
     */
    static SimpleApnsPushNotification notification(Delivery delivery, String topic, String payload, Instant now) {
        PushMessage message = delivery.message();
        Instant expiration = message.ttlSeconds()
                .map(ttl -> ttl == 0 ? Instant.EPOCH : now.plusSeconds(ttl))
                .orElse(now.plus(DEFAULT_LIFETIME));
        DeliveryPriority priority = message.background() || message.priority() == Priority.NORMAL
                ? DeliveryPriority.CONSERVE_POWER : DeliveryPriority.IMMEDIATE;
        if (message.liveActivity().isPresent()) {
            return new SimpleApnsPushNotification(delivery.pushToken(), topic + LIVE_ACTIVITY_TOPIC_SUFFIX, payload,
                    expiration, priority, PushType.LIVE_ACTIVITY, message.collapseKey().orElse(null));
        }
        PushType type = message.background() ? PushType.BACKGROUND : PushType.ALERT;
        return new SimpleApnsPushNotification(delivery.token(), topic, payload, expiration,
                priority, type, message.collapseKey().orElse(null));
    }

    /** What Apple's answer means. */
    static PushResult result(PushNotificationResponse<SimpleApnsPushNotification> response) {
        if (response.isAccepted()) {
            return new PushResult.Accepted();
        }
        String reason = response.getRejectionReason().orElse("HTTP " + response.getStatusCode());
        if (GONE.contains(reason) || response.getStatusCode() == 410) {
            return new PushResult.Unregistered(response.getTokenInvalidationTimestamp());
        }
        if (BAD_TOKEN.contains(reason)) {
            return new PushResult.BadToken(reason);
        }
        if (TRANSIENT.contains(reason) || response.getStatusCode() == 429 || response.getStatusCode() >= 500) {
            return new PushResult.Unavailable("APNs " + response.getStatusCode() + " " + reason);
        }
        return new PushResult.Misconfigured("APNs refused the request: " + response.getStatusCode() + " " + reason);
    }

    @Override
    public void close() {
        client.close().join();
    }
}
