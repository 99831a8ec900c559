package dev.pushregistry.core.error;

/**
 * Trouble that is nobody's fault and passes: the table or a queue throttled, or could not be
 * reached. The caller may try again later: an endpoint answers {@code 429 rate_limited} for
 * {@link Throttled} and {@code 500 internal} for {@link Unavailable}, and a queue consumer retries
 * the message. Refusals that are the caller's fault are {@link RegistryException}s instead.
 */
public abstract sealed class TransientFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The table kept throttling after the SDK's own retries: come back after a pause. */
    public static final class Throttled extends TransientFailure {
        private static final long serialVersionUID = 1L;

        public Throttled(Throwable cause) {
            super("the registry is busy, retry shortly", cause);
        }
    }

    /**
     * The table or a queue could not be reached, or failed.
     */
    public static final class Unavailable extends TransientFailure {
        private static final long serialVersionUID = 1L;

        /** @param message what could not be done, as in "could not read an item" */
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
