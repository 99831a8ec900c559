package dev.pushregistry.sending;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one batch of a sender did, as its metrics count it.
 *
 * @param outcomes how many deliveries ended in each outcome (recorded this time)
 * @param configurationErrors pushes refused for our request or credentials (a bad key, a bad topic,
 *     a batch whose tokens were mostly refused), each one a delivery that failed
 * @param unavailable pushes the push service could not take now (down, throttling, no answer in
 *     time), whose deliveries are tried again later
 * @param deferred deliveries not pushed because the invocation's time ran short, tried again later
 * @param latenciesMillis each push's time from request to answer
 */
public record BatchReport(Map<DeliveryOutcome, Integer> outcomes, int configurationErrors, int unavailable, int deferred,
                          List<Double> latenciesMillis) {
    public BatchReport {
        EnumMap<DeliveryOutcome, Integer> copy = new EnumMap<>(DeliveryOutcome.class);
        copy.putAll(outcomes);
        outcomes = Map.copyOf(copy);
        latenciesMillis = List.copyOf(latenciesMillis);
    }
}
