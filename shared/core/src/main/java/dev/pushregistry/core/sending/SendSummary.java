package dev.pushregistry.core.sending;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a send request stands: {@code pending} until it has been dispatched and every delivery has
 * an outcome, then {@code done}; and how many devices ended which way.
 *
 * @param requestId the request
 * @param dispatched whether the request's people have been resolved to deliveries
 * @param counts {@code targeted} (deliveries planned), then one count per outcome and skip reason
 * @param pending deliveries still without an outcome
 */
public record SendSummary(String requestId, boolean dispatched, Map<String, Integer> counts, int pending) {
    public SendSummary {
        counts = Map.copyOf(counts);
    }

    /**
     * Adds up a request's record.
     *
     * @param skips devices left out at dispatch, by reason
     * @param outcomes one entry per planned delivery: its outcome, or empty while pending
     */
    public static SendSummary of(String requestId, boolean dispatched, Map<DispatchSkip, Integer> skips,
                                 Collection<Optional<DeliveryOutcome>> outcomes) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("targeted", outcomes.size());
        for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
            counts.put(outcome.wire(), 0);
        }
        for (DispatchSkip skip : DispatchSkip.values()) {
            counts.merge(skip.countName(), skips.getOrDefault(skip, 0), Integer::sum);
        }
        int pending = 0;
        for (Optional<DeliveryOutcome> outcome : outcomes) {
            if (outcome.isPresent()) {
                counts.merge(outcome.get().wire(), 1, Integer::sum);
            } else {
                pending++;
            }
        }
        return new SendSummary(requestId, dispatched, counts, pending);
    }

    /** {@code done} once dispatched with every delivery decided, else {@code pending}. */
    public String state() {
        return dispatched && pending == 0 ? "done" : "pending";
    }

    /** One count by its name in the contract, such as {@code sent} or {@code skipped_unsubscribed}. */
    public int count(String name) {
        return counts.getOrDefault(name, 0);
    }
}
