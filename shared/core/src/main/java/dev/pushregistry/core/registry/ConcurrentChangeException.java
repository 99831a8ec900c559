package dev.pushregistry.core.registry;

/**
 * A change was refused because something it depends on changed since it was read: a device it
 * read, a person's history that has moved past the change's place in it, a person being forgotten
 * (or a concurrent transaction held one of its items). Nothing was written; the operation may read
 * again and retry.
 */
public final class ConcurrentChangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long newestHistoryOrder;
    private final boolean personBeingForgotten;

    /** A device changed, or a concurrent transaction held an item. */
    public ConcurrentChangeException(String message, Throwable cause) {
        this(message, cause, 0, false);
    }

    /**
     * @param newestHistoryOrder the newest history order found on a person the change writes
     *     history for (0 when none was found): a retry must order its change after it
     * @param personBeingForgotten whether a person the change writes for is being forgotten right
     *     now: a retry should wait for the forget to finish
     */
    public ConcurrentChangeException(String message, Throwable cause, long newestHistoryOrder,
                                     boolean personBeingForgotten) {
        super(message, cause);
        this.newestHistoryOrder = newestHistoryOrder;
        this.personBeingForgotten = personBeingForgotten;
    }

    /** The newest history order a person of the change already has, or 0 when unknown. */
    public long newestHistoryOrder() {
        return newestHistoryOrder;
    }

    public boolean personBeingForgotten() {
        return personBeingForgotten;
    }
}
