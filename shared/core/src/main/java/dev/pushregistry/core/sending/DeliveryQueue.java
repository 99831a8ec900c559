package dev.pushregistry.core.sending;

import java.util.List;

/** Hands planned delivery groups to the sender of each one's push service, one queue message a group. */
public interface DeliveryQueue {

    /**
     * Queues every group, or throws: a failure may have queued some of them, which is harmless
     * because a group is claimed before it is pushed.
     */
    void enqueue(List<DeliveryGroup> groups);
}
