package dev.pushregistry.authorizer;

import dev.pushregistry.aws.Restores;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys as a long-lived container sees them: loaded once at start-up (a failure then stops
 * the container, so nothing is let in without keys) and loaded again when they are older than the
 * refresh interval, so a key added to or removed from the secret takes effect within that interval.
 * When a reload fails the keys loaded last stay in force, and the next attempt waits a short while
 * rather than slowing every request down, but only up to a maximum age: keys older than that are no
 * longer trusted (a key removed from the secret during the outage would still work) and every
 * request is refused with an internal error until the secret can be read again: closed, never open.
 * After a SnapStart restore the keys are read again on the first request ({@link Restores}): the
 * snapshot's may be days old.
 */
public final class RefreshingApiKeys implements Supplier<ApiKeys>, Restores.Renewable {
    /** How long after a failed reload the next one is tried. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(RefreshingApiKeys.class);

    private final Supplier<ApiKeys> loader;
    private final Duration refreshInterval;
    private final Duration maxAge;
    private final Clock clock;
    private ApiKeys current;
    private Instant loadedAt;
    private Instant nextLoad;

    /**
     * Loads the keys now.
     *
     * @param loader reads the keys from where they are kept; throws when it cannot
     * @param refreshInterval how old the keys may get before they are read again
     * @param maxAge how old the keys may get while they cannot be read again (at least the refresh
     *     interval)
     */
    public RefreshingApiKeys(Supplier<ApiKeys> loader, Duration refreshInterval, Duration maxAge, Clock clock) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.compareTo(refreshInterval) < 0) {
            throw new IllegalStateException("the keys' maximum age (" + maxAge.toSeconds()
                    + " s) is shorter than their refresh interval (" + refreshInterval.toSeconds() + " s)");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.current = Objects.requireNonNull(loader.get(), "the keys loaded");
        this.loadedAt = clock.instant();
        this.nextLoad = loadedAt.plus(refreshInterval);
        Restores.register(this);
    }

    /** Reads the keys again on the next request. */
    @Override
    public synchronized void renew() {
        nextLoad = Instant.MIN;
    }

    /**
     * The keys in force.
     *
     * @throws RegistryException {@code internal} when they could not be read for longer than their
     *     maximum age
     */
    @Override
    public synchronized ApiKeys get() {
        Instant now = clock.instant();
        if (!now.isBefore(nextLoad)) {
            try {
                current = Objects.requireNonNull(loader.get(), "the keys loaded");
                loadedAt = now;
                nextLoad = now.plus(refreshInterval);
            } catch (RuntimeException failure) {
                LOG.warn("could not reload the API keys ({}); the keys read {} s ago stay valid for at most {} s",
                        failure.getMessage(), Duration.between(loadedAt, now).toSeconds(), maxAge.toSeconds());
                nextLoad = now.plus(RETRY_AFTER_FAILURE);
            }
        }
        if (Duration.between(loadedAt, now).compareTo(maxAge) > 0) {
            LOG.error("the API keys could not be read for {} s: every request is refused until they can",
                    Duration.between(loadedAt, now).toSeconds());
            throw new RegistryException(ErrorCode.INTERNAL, "the API keys could not be read");
        }
        return current;
    }
}
