package dev.pushregistry.core.sending;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a push service answered for one push, sorted by what it means for the device. A rejection is
 * data, not an exception: only {@link Unavailable} is worth trying again.
 */
public sealed interface PushResult {

    /** The push service accepted the push. */
    record Accepted() implements PushResult {
    }

    /**
     * The token no longer exists (APNs {@code Unregistered}, FCM {@code UNREGISTERED}).
     *
     * @param invalidSince when the push service says the token stopped being valid, if it says
     */
    record Unregistered(Optional<Instant> invalidSince) implements PushResult {
        public Unregistered {
            Objects.requireNonNull(invalidSince, "invalidSince");
        }
    }

    /**
     * The token is not valid for this app (APNs {@code BadDeviceToken}, {@code DeviceTokenNotForTopic};
     * FCM {@code SENDER_ID_MISMATCH}, an invalid token): a permanent failure of the device.
     *
     * @param reason the push service's word for it
     */
    record BadToken(String reason) implements PushResult {
    }

    /**
     * Our request or credentials are wrong (bad topic, bad key, payload too large…): not the device's
     * fault.
     *
     * @param reason what is wrong, for the operator
     */
    record Misconfigured(String reason) implements PushResult {
    }

    /**
     * The push service is overloaded, down or unreachable: try again later.
     *
     * @param reason what happened
     */
    record Unavailable(String reason) implements PushResult {
    }
}
