package dev.pushregistry.sending;

import java.util.Objects;
import java.util.Optional;

/**
 * A delivery as it came off the queue.
 *
 * @param messageId the queue message's id (stable across redeliveries of that message)
 * @param delivery the delivery it carries
 * @param finalAttempt whether this is the last attempt the retry budget allows
 * @param pushed the push already made for it, when the message only records its outcome
 */
public record QueuedDelivery(String messageId, Delivery delivery, boolean finalAttempt, Optional<PriorPush> pushed) {
    public QueuedDelivery {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(pushed, "pushed");
    }

    /** A delivery still to be pushed. */
    public QueuedDelivery(String messageId, Delivery delivery, boolean finalAttempt) {
        this(messageId, delivery, finalAttempt, Optional.empty());
    }

    /** The claim its outcome is recorded under: the message that pushed it. */
    public String claimId() {
        return pushed.map(PriorPush::claimId).orElse(messageId);
    }
}
