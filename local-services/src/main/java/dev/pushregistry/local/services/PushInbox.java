package dev.pushregistry.local.services;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the local push services decide and remember: the verdict for each token (accept unless told
 * otherwise) and every push they accepted.
 */
public final class PushInbox {
    private final List<AcceptedPush> pushes = new ArrayList<>();
    private final Map<String, TokenVerdict> verdicts = new ConcurrentHashMap<>();
    private volatile TokenVerdict defaultVerdict = new TokenVerdict(Verdict.ACCEPT, null);

    /** From now on, answer pushes to {@code token} this way. */
    public void setVerdict(String token, Verdict verdict, Instant invalidSince) {
        verdicts.put(token, new TokenVerdict(verdict, invalidSince));
    }

    /** Answer pushes to tokens without a verdict of their own this way. */
    public void setDefaultVerdict(Verdict verdict) {
        defaultVerdict = new TokenVerdict(verdict, null);
    }

    /** How to answer a push to {@code token}. */
    public TokenVerdict verdictFor(String token) {
        return verdicts.getOrDefault(token, defaultVerdict);
    }

    void accepted(AcceptedPush push) {
        synchronized (pushes) {
            pushes.add(push);
        }
    }

    /** Accepted pushes, newest first; all of them, or those to {@code token}. */
    public List<AcceptedPush> pushes(String token) {
        List<AcceptedPush> found = new ArrayList<>();
        synchronized (pushes) {
            for (int index = pushes.size() - 1; index >= 0; index--) {
                AcceptedPush push = pushes.get(index);
                if (token == null || push.token().equals(token)) {
                    found.add(push);
                }
            }
        }
        return found;
    }

    /** Forgets every push and verdict. */
    public void clear() {
        synchronized (pushes) {
            pushes.clear();
        }
        verdicts.clear();
        defaultVerdict = new TokenVerdict(Verdict.ACCEPT, null);
    }

    /**
     * A verdict and, for {@link Verdict#UNREGISTERED} on APNs, since when the token is invalid
     * ({@code null}: the moment of the push).
     */
    public record TokenVerdict(Verdict verdict, Instant invalidSince) {
        public TokenVerdict {
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    /**
     * A push a local service accepted.
     *
     * @param at when
     * @param provider {@code apns} or {@code fcm}
     * @param appId the app whose credentials sent it (from the APNs topic or the FCM project)
     * @param environment for APNs, the endpoint that accepted it: {@code production} or
     *     {@code development}; {@code null} for FCM
     * @param token the device token
     * @param headers the request headers that shape delivery (APNs) or the platform options (FCM)
     * @param payload the APNs payload, or the FCM {@code message} object
     */
    public record AcceptedPush(Instant at, String provider, String appId, String environment, String token,
                               Map<String, String> headers, JsonNode payload) {
        /**
         * What kind of push it was: APNs' {@code apns-push-type} ({@code alert}, {@code background},
         * {@code liveactivity}; {@code alert} when not given); for FCM, {@code liveactivity} for a
         * message with an APNs Live Activity token, else {@code alert} with a notification and
         * {@code background} without.
         */
        public String pushType() {
            if (provider.equals("apns")) {
                return headers.getOrDefault("apns-push-type", "alert");
            }
            if (payload != null && payload.path("apns").has("live_activity_token")) {
                return "liveactivity";
            }
            return payload != null && payload.has("notification") ? "alert" : "background";
        }

        /** The APNs topic it was sent to; {@code null} for FCM. */
        public String topic() {
            return headers.get("apns-topic");
        }
    }
}
