package dev.pushregistry.authorizer;

import dev.pushregistry.aws.Restores;
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
 * rather than slowing every request down. After a SnapStart restore the keys are read again on the
 * first request ({@link Restores}): the snapshot's may be days old.
 */
public final class RefreshingApiKeys implements Supplier<ApiKeys>, Restores.Renewable {
    /** How long after a failed reload the next one is tried. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(RefreshingApiKeys.class);

    private final Supplier<ApiKeys> loader;
    private final Duration refreshInterval;
    private final Clock clock;
    private ApiKeys current;
    private Instant nextLoad;

    /**
     * Loads the keys now.
     *
     * @param loader reads the keys from where they are kept; throws when it cannot
     * @param refreshInterval how old the keys may get before they are read again
     */
    public RefreshingApiKeys(Supplier<ApiKeys> loader, Duration refreshInterval, Clock clock) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.current = Objects.requireNonNull(loader.get(), "the keys loaded");
        this.nextLoad = clock.instant().plus(refreshInterval);
        Restores.register(this);
    }

    /** Reads the keys again on the next request. */
    @Override
    public synchronized void renew() {
        nextLoad = Instant.MIN;
    }

    @Override
    public synchronized ApiKeys get() {
        Instant now = clock.instant();
        if (now.isBefore(nextLoad)) {
            return current;
        }
        try {
            current = Objects.requireNonNull(loader.get(), "the keys loaded");
            nextLoad = now.plus(refreshInterval);
        } catch (RuntimeException failure) {
            LOG.warn("could not reload the API keys ({}); the keys loaded before stay valid", failure.getMessage());
            nextLoad = now.plus(RETRY_AFTER_FAILURE);
        }
        return current;
    }
}
