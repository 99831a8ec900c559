package dev.pushregistry.sending;

import java.util.Objects;

/**
 * A push already made whose outcome could not be written at the time: the claim it was made under
 * and what the push service answered. A delivery carrying one is only recorded, never pushed again.
 *
 * @param claimId the queue message that claimed the delivery and pushed it
 * @param result the push service's answer: accepted, bad token or unregistered
 */
public record PriorPush(String claimId, PushResult result) {
    public PriorPush {
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(result, "result");
        if (!isDefinitive(result)) {
            throw new IllegalArgumentException("only a definitive answer is carried over, not " + result);
        }
    }

    /** Whether the answer says what became of the push, so that pushing again would send it twice. */
    public static boolean isDefinitive(PushResult result) {
        return result instanceof PushResult.Accepted || result instanceof PushResult.BadToken
                || result instanceof PushResult.Unregistered;
    }
}
