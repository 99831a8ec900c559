package dev.pushregistry.core.sending;

import java.util.Objects;

/**
 * What should become of one queue message after an attempt at it.
 *
 * @param disposition done, retry later, hand over, or dead-letter
 * @param reason why, for retries, hand-overs and dead letters
 * @param followUp what the message that takes over must finish, for a hand-over
 */
public record MessageOutcome(Disposition disposition, String reason, FollowUp followUp) {
    private static final MessageOutcome DONE = new MessageOutcome(Disposition.DONE, null, null);

    public MessageOutcome {
        Objects.requireNonNull(disposition, "disposition");
        if (disposition != Disposition.DONE) {
            Objects.requireNonNull(reason, "reason");
        }
        if ((disposition == Disposition.HAND_OVER) != (followUp != null)) {
            throw new IllegalArgumentException("a hand-over, and only a hand-over, has a follow-up");
        }
    }

    public static MessageOutcome done() {
        return DONE;
    }

    public static MessageOutcome retry(String reason) {
        return new MessageOutcome(Disposition.RETRY, reason, null);
    }

    /** Done with this message once {@code followUp} is on the same queue to finish the work. */
    public static MessageOutcome handOver(String reason, FollowUp followUp) {
        return new MessageOutcome(Disposition.HAND_OVER, reason, Objects.requireNonNull(followUp, "followUp"));
    }

    public static MessageOutcome deadLetter(String reason) {
        return new MessageOutcome(Disposition.DEAD_LETTER, reason, null);
    }

    /** Why work ends on a message's last allowed attempt: {@code retry budget spent: <why it failed>}. */
    public static String retryBudgetSpent(String reason) {
        return "retry budget spent: " + reason;
    }

    /**
     * This outcome on a message's attempt: a retry on the last allowed attempt is dead-lettered
     * instead ({@link #retryBudgetSpent}); anything else stays as it is. The one place that decides
     * what the end of the retry budget does to a message.
     */
    public MessageOutcome onAttempt(boolean finalAttempt) {
        return finalAttempt && disposition == Disposition.RETRY ? deadLetter(retryBudgetSpent(reason)) : this;
    }

    /**
     * The work a hand-over leaves to the message that takes over: finish the group under the claim
     * it was pushed with, recording what was pushed or decided without pushing it again.
     *
     * @param group the places of the group still to be recorded or pushed
     * @param prior what the message handing over already did
     */
    public record FollowUp(DeliveryGroup group, PriorWork prior) {
        public FollowUp {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(prior, "prior");
        }
    }

    /** The ways a message can go. */
    public enum Disposition {
        /** Handled: delete it from the queue. */
        DONE,
        /** Transient trouble: leave it for a later attempt, after a back-off. */
        RETRY,
        /**
         * Part of the work is done and must not be repeated: put the follow-up on the queue (after the
         * back-off) and delete this message; if the follow-up cannot be queued, retry this one.
         */
        HAND_OVER,
        /** Cannot succeed: move it to the dead-letter queue with the reason. */
        DEAD_LETTER
    }
}
