package dev.pushregistry.sending;

import java.util.List;

/** Hands planned deliveries to the sender of each one's push service. */
public interface DeliveryQueue {

    /**
     * Queues every delivery, or throws: a failure may have queued some of them, which is harmless
     * because a delivery is claimed before it is pushed.
     */
    void enqueue(List<Delivery> deliveries);
}
