package dev.pushregistry.core.sending;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a message that takes over a group carries from the message before it, which pushed but could
 * not write everything: the claim it pushed under, the answers whose device change is still to be
 * written, and the outcomes already decided (their device changes made) that are still to be
 * recorded. A slot it names is never pushed again.
 *
 * @param claimId the queue message that claimed the group and pushed
 * @param answers by slot index: the push service's answer, accepted, bad token or unregistered
 * @param outcomes by slot index: the outcome decided, with its device change already written
 * @param reason why a slot among {@code outcomes} failed, if one did
 */
public record PriorWork(String claimId, Map<Integer, PushResult> answers, Map<Integer, DeliveryOutcome> outcomes,
                        Optional<String> reason) {
    public PriorWork {
        Objects.requireNonNull(claimId, "claimId");
        answers = Map.copyOf(answers);
        outcomes = Map.copyOf(outcomes);
        Objects.requireNonNull(reason, "reason");
        for (PushResult answer : answers.values()) {
            if (!isDefinitive(answer)) {
                throw new IllegalArgumentException("only a definitive answer is carried over, not " + answer);
            }
        }
        if (outcomes.containsValue(DeliveryOutcome.FAILED) && reason.isEmpty()) {
            throw new IllegalArgumentException("a failure is carried over with its reason");
        }
    }

    /** Whether the answer says what became of the push, so that pushing again would send it twice. */
    public static boolean isDefinitive(PushResult result) {
        return result instanceof PushResult.Accepted || result instanceof PushResult.BadToken
                || result instanceof PushResult.Unregistered;
    }

    /** Whether the slot at {@code index} was pushed or decided already. */
    public boolean covers(int index) {
        return answers.containsKey(index) || outcomes.containsKey(index);
    }
}
