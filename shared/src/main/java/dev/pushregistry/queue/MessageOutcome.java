package dev.pushregistry.queue;

import java.util.Objects;

/**
 * What should become of one queue message after an attempt at it.
 *
 * @param disposition done, retry later, or dead-letter
 * @param reason why, for retries and dead letters
 */
public record MessageOutcome(Disposition disposition, String reason) {
    private static final MessageOutcome DONE = new MessageOutcome(Disposition.DONE, null);

    public MessageOutcome {
        Objects.requireNonNull(disposition, "disposition");
        if (disposition != Disposition.DONE) {
            Objects.requireNonNull(reason, "reason");
        }
    }

    public static MessageOutcome done() {
        return DONE;
    }

    public static MessageOutcome retry(String reason) {
        return new MessageOutcome(Disposition.RETRY, reason);
    }

    public static MessageOutcome deadLetter(String reason) {
        return new MessageOutcome(Disposition.DEAD_LETTER, reason);
    }

    /** The three ways a message can go. */
    public enum Disposition {
        /** Handled: delete it from the queue. */
        DONE,
        /** Transient trouble: leave it for a later attempt, after a back-off. */
        RETRY,
        /** Cannot succeed: move it to the dead-letter queue with the reason. */
        DEAD_LETTER
    }
}
