package dev.pushregistry.core.sending;

import java.util.Objects;
import java.util.Optional;

/**
 * A delivery group as it came off the queue.
 *
 * @param messageId the queue message's id (stable across redeliveries of that message)
 * @param group the deliveries it carries
 * @param finalAttempt whether this is the last attempt the retry budget allows
 * @param prior for a message that takes over from an earlier one, what that one already did
 */
public record QueuedGroup(String messageId, DeliveryGroup group, boolean finalAttempt, Optional<PriorWork> prior) {
    public QueuedGroup {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(prior, "prior");
    }

    /** A group no message has worked on yet. */
    public QueuedGroup(String messageId, DeliveryGroup group, boolean finalAttempt) {
        this(messageId, group, finalAttempt, Optional.empty());
    }

    /** The claim the group is worked under: the message that first claimed it. */
    public String claimId() {
        return prior.map(PriorWork::claimId).orElse(messageId);
    }
}
