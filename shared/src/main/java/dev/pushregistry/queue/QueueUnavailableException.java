package dev.pushregistry.queue;

/** A queue did not take messages; trying again later may work. */
public final class QueueUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
