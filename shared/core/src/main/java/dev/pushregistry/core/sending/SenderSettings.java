package dev.pushregistry.core.sending;

import dev.pushregistry.core.configuration.Variables;
import java.time.Duration;
import java.util.Objects;

/**
 * How a sender works through a batch.
 *
 * @param maxInFlight pushes awaiting an answer at once (the push clients would queue more in memory)
 * @param pushTimeout how long one push may wait for its answer before it counts as unavailable
 * @param badTokenQuorum the fewest distinct tokens in a batch for which "most of them are bad
 *     tokens" is read as a configuration error rather than as that many bad devices
 * @param storeConcurrency table calls (claims, outcomes) a batch makes at once
 */
public record SenderSettings(int maxInFlight, Duration pushTimeout, int badTokenQuorum, int storeConcurrency) {
    /** 100 in flight, 15 s per push, quorum of 3 tokens, 16 table calls at once. */
    public static final SenderSettings DEFAULTS = new SenderSettings(100, Duration.ofSeconds(15), 3, 16);

    public SenderSettings {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        Objects.requireNonNull(pushTimeout, "pushTimeout");
        if (badTokenQuorum < 2) {
            throw new IllegalArgumentException("badTokenQuorum must be at least 2");
        }
        if (storeConcurrency < 1) {
            throw new IllegalArgumentException("storeConcurrency must be at least 1");
        }
    }

    /**
     * The settings a deployment's variables give, each unset one its default: {@code MAX_IN_FLIGHT}
     * (1 to 10000), {@code PUSH_TIMEOUT_SECONDS} (1 to 300) and {@code STORE_CONCURRENCY} (1 to
     * {@code storeConcurrencyLimit}, the connections the table's client keeps).
     *
     * @throws IllegalStateException naming the variable whose value is out of its range
     */
    public static SenderSettings fromVariables(Variables variables, int storeConcurrencyLimit) {
        return new SenderSettings(
                variables.wholeNumber("MAX_IN_FLIGHT", DEFAULTS.maxInFlight(), 1, 10_000),
                Duration.ofSeconds(variables.wholeNumber("PUSH_TIMEOUT_SECONDS",
                        (int) DEFAULTS.pushTimeout().getSeconds(), 1, 300)),
                DEFAULTS.badTokenQuorum(),
                variables.wholeNumber("STORE_CONCURRENCY", DEFAULTS.storeConcurrency(), 1, storeConcurrencyLimit));
    }
}
