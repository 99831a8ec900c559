package dev.pushregistry.registry;

import dev.pushregistry.error.ErrorCode;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.store.ConcurrentChangeException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Runs read-decide-write attempts until one applies without a concurrent change getting in the
 * way, with a short random pause between attempts so that racing writers spread out.
 */
public final class OptimisticRetry {
    private final int maxAttempts;

    /** @param maxAttempts how many attempts before giving up (at least one) */
    public OptimisticRetry(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
        this.maxAttempts = maxAttempts;
    }

    /** @throws RegistryException {@code conflict} when every attempt met a concurrent change */
    public <T> T run(Supplier<T> attempt) {
        return run(number -> attempt.get());
    }

    /**
     * Like {@link #run(Supplier)}, telling each attempt its number (from 1), so that the first can
     * use what the caller read already and the later ones read again.
     *
     * @throws RegistryException {@code conflict} when every attempt met a concurrent change
     */
    public <T> T run(IntFunction<T> attempt) {
        for (int number = 1; ; number++) {
            try {
                return attempt.apply(number);
            } catch (ConcurrentChangeException concurrent) {
                if (number >= maxAttempts) {
                    throw new RegistryException(ErrorCode.CONFLICT,
                            "the device is being changed concurrently, retry shortly");
                }
                pause(number);
            }
        }
    }

    private static void pause(int attempt) {
        long ceilingMillis = Math.min(64L, 2L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceilingMillis + 1));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", interrupted);
        }
    }
}
