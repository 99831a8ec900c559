package dev.pushregistry.sending;

import java.util.Objects;

/**
 * A delivery as it came off the queue.
 *
 * @param messageId the queue message's id (stable across redeliveries of that message)
 * @param delivery the delivery it carries
 * @param finalAttempt whether this is the last attempt the retry budget allows
 */
public record QueuedDelivery(String messageId, Delivery delivery, boolean finalAttempt) {
    public QueuedDelivery {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(delivery, "delivery");
    }
}
