package dev.pushregistry.sending;

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
}
