package dev.pushregistry.core.sending;

/** What became of one delivery of a group in one attempt of its message. */
sealed interface SlotResult {
    /**
     * Decided: the outcome to record, its device change (if any) written.
     *
     * @param reason why it failed, for {@link DeliveryOutcome#FAILED}
     */
    record Decided(DeliveryOutcome outcome, String reason) implements SlotResult {
    }

    /** Not decided, nothing pushed: its message comes back later. */
    record Retry(String reason) implements SlotResult {
    }

    /** Pushed and answered, but the device change could not be written: a follow-up records it. */
    record Unapplied(PushResult answer, String reason) implements SlotResult {
    }

    /**
     * What an answer that could not be applied to its device leaves: a definitive answer is carried
     * to a follow-up (never pushed again); any other is tried again.
     */
    static SlotResult unapplied(PushResult answer, String reason) {
        return PriorWork.isDefinitive(answer) ? new Unapplied(answer, reason) : new Retry(reason);
    }
}
