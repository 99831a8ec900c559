package dev.pushregistry.store;

/**
 * A change was refused because a device it read has changed since (or a concurrent transaction
 * held one of its items). Nothing was written; the operation may read again and retry.
 */
public final class ConcurrentChangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConcurrentChangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
