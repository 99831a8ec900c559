package dev.pushregistry.core.sending;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one batch of a sender did, as its metrics count it.
 *
 * @param outcomes how many deliveries ended in each outcome (recorded this time)
 * @param configurationErrorsByApp pushes refused for our request or credentials (a bad key, a bad
 *     topic, a batch whose tokens were mostly refused), each one a delivery that failed, by the app
 *     whose credentials were used
 * @param unavailable pushes the push service could not take now (down, throttling, no answer in
 *     time), whose deliveries are tried again later
 * @param deferred deliveries not pushed because the invocation's time ran short, tried again later
 * @param latenciesMillis each push's time from request to answer
 */
public record BatchReport(Map<DeliveryOutcome, Integer> outcomes, Map<String, Integer> configurationErrorsByApp,
                          int unavailable, int deferred, List<Double> latenciesMillis) {
    public BatchReport {
        EnumMap<DeliveryOutcome, Integer> copy = new EnumMap<>(DeliveryOutcome.class);
        copy.putAll(outcomes);
        outcomes = Map.copyOf(copy);
        configurationErrorsByApp = Map.copyOf(configurationErrorsByApp);
        latenciesMillis = List.copyOf(latenciesMillis);
    }

    /** Pushes refused for our request or credentials, of every app. */
    public int configurationErrors() {
        return configurationErrorsByApp.values().stream().mapToInt(Integer::intValue).sum();
    }
}
