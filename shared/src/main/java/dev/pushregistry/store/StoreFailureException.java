package dev.pushregistry.store;

/** The table could not be read or written for a reason that is not the caller's. */
public final class StoreFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
