package dev.pushregistry.core.sending;

import dev.pushregistry.core.device.Provider;
import java.util.List;
import java.util.Objects;

/**
 * Deliveries of one send request to the devices of one app on one push service that travel in one
 * queue message and are
 * planned, claimed and recorded together, as one record of the send store: a campaign pays for its
 * bookkeeping per group rather than per device.
 *
 * @param requestId the send request
 * @param number the group's number within its request
 * @param provider the push service of every delivery in it
 * @param appId the app of every device in it
 * @param message what every delivery sends
 * @param slots the deliveries, each with its place in the group's record; a message that takes up
 *     part of a group again carries only those places
 */
public record DeliveryGroup(String requestId, int number, Provider provider, String appId, PushMessage message,
                            List<Slot> slots) {
    /**
     * The most deliveries in one group: a group's record stays under 1 KB (one write unit), and its
     * queue message well under SQS's size limit.
     */
    public static final int MAX_SIZE = 80;

    public DeliveryGroup {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(message, "message");
        slots = List.copyOf(slots);
        if (number < 0) {
            throw new IllegalArgumentException("a group number is not negative");
        }
        if (slots.isEmpty() || slots.size() > MAX_SIZE) {
            throw new IllegalArgumentException("a group has 1 to " + MAX_SIZE + " deliveries, not " + slots.size());
        }
        for (Slot slot : slots) {
            Delivery delivery = slot.delivery();
            if (!delivery.requestId().equals(requestId) || delivery.provider() != provider
                    || !delivery.appId().equals(appId) || !delivery.message().equals(message)) {
                throw new IllegalArgumentException(
                        "every delivery of a group has its request, push service, app and message");
            }
        }
    }

    /**
     * One delivery at its place in the group.
     *
     * @param index where its outcome is kept in the group's record
     * @param delivery the delivery
     */
    public record Slot(int index, Delivery delivery) {
        public Slot {
            Objects.requireNonNull(delivery, "delivery");
            if (index < 0 || index >= MAX_SIZE) {
                throw new IllegalArgumentException("a slot index is 0 to " + (MAX_SIZE - 1) + ", not " + index);
            }
        }
    }
}
