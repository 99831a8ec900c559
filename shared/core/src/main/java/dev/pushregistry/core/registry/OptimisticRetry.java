package dev.pushregistry.core.registry;

import dev.pushregistry.core.error.ConflictException;
import dev.pushregistry.core.time.Timestamps;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.function.Function;

/**
 * Runs read-decide-write attempts until one applies without a concurrent change getting in the
 * way, with a short random pause between attempts so that racing writers spread out.
 *
 * <p>Each attempt learns what the refusals before it taught: how far a person's history has moved
 * on (so that the next change is ordered after it, whatever this machine's clock says), and
 * whether a person is being forgotten (then it waits for the forget to finish, which takes longer
 * than a racing write, and does not count those waits as attempts).
 */
public final class OptimisticRetry {
    /**
     * The back-off's jitter: drawn with the operating system's random source on every draw, not
     * from a seed made at class loading (as {@code ThreadLocalRandom}'s is), so that containers
     * restored from one SnapStart snapshot do not all back off alike from the same conflict.
     */
    private static final SecureRandom JITTER = new SecureRandom();
    /** How long one wait for a forget in progress lasts. */
    static final long FORGET_WAIT_MILLIS = 50;
    /** How many waits for a forget in progress before giving up: five seconds in all. */
    static final int FORGET_WAITS = 100;

    private final int maxAttempts;

    /** @param maxAttempts how many attempts before giving up (at least one) */
    public OptimisticRetry(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
        this.maxAttempts = maxAttempts;
    }

    /**
     * One attempt at a change.
     *
     * @param number the attempt's number, from 1: the first may use what the caller read already,
     *     later ones read again
     * @param historyFloor the newest history order that earlier attempts found on a person they
     *     wrote for (0 when none): the change must be ordered after it
     */
    public record Attempt(int number, long historyFloor) {
        public boolean isFirst() {
            return number == 1;
        }

        /**
         * The version of a change made at {@code now}: its time in microseconds, moved past the
         * history floor and past every version the change follows (the registration versions of the
         * devices it read), so that it sorts after all of them even when this clock lags.
         */
        public long versionAfter(Instant now, long... followed) {
            long version = Math.max(Timestamps.micros(now), historyFloor + 1);
            for (long previous : followed) {
                version = Math.max(version, previous + 1);
            }
            return version;
        }
    }

    /**
     * Runs attempts until one returns.
     *
     * @throws ConflictException when every attempt met a concurrent change, or a
     *     forget of a person it writes for did not finish in time
     */
    public <T> T run(Function<Attempt, T> attempt) {
        long historyFloor = 0;
        int forgetWaits = 0;
        int conflicts = 0;
        int number = 1;
        while (true) {
            try {
                return attempt.apply(new Attempt(number, historyFloor));
            } catch (ConcurrentChangeException concurrent) {
                historyFloor = Math.max(historyFloor, concurrent.newestHistoryOrder());
                if (concurrent.personBeingForgotten()) {
                    if (++forgetWaits > FORGET_WAITS) {
                        throw new ConflictException("the person is being forgotten right now, retry shortly");
                    }
                    sleep(FORGET_WAIT_MILLIS);
                } else {
                    if (++conflicts >= maxAttempts) {
                        throw new ConflictException("the device is being changed concurrently, retry shortly");
                    }
                    sleep(JITTER.nextLong(1, Math.min(64L, 2L << conflicts) + 1));
                }
                number++;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", interrupted);
        }
    }
}
