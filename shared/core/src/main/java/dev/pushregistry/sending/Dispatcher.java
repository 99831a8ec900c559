package dev.pushregistry.sending;

import dev.pushregistry.person.PersonDevices;
import dev.pushregistry.registry.RegistryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a send request into deliveries: resolves each person to their eligible devices, records
 * the plan, and queues one delivery per device for its push service.
 *
 * <p>Running it again for the same request id (a queue redelivery, or the same id sent twice) plans
 * nothing twice: a request already dispatched is skipped, and one interrupted half-way queues again
 * only deliveries that have no outcome yet, which their claim keeps from being pushed twice.
 */
public final class Dispatcher {
    private final RegistryStore registry;
    private final SendStore sends;
    private final DeliveryQueue queue;

    public Dispatcher(RegistryStore registry, SendStore sends, DeliveryQueue queue) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.sends = Objects.requireNonNull(sends, "sends");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** Dispatches the request; see the class description for repeats. */
    public DispatchResult dispatch(SendRequest request, Instant now) {
        if (sends.isDispatched(request.requestId())) {
            return new DispatchResult(request.requestId(), true, 0, 0);
        }
        Map<DispatchSkip, Integer> skips = new EnumMap<>(DispatchSkip.class);
        List<Delivery> planned = new ArrayList<>();
        for (String personId : request.personIds()) {
            PersonDevices person = registry.findPersonDevices(personId, now);
            DeliveryPlanner.PersonPlan plan = DeliveryPlanner.plan(request, person);
            planned.addAll(plan.deliveries());
            plan.skips().forEach((reason, count) -> skips.merge(reason, count, Integer::sum));
        }
        List<Delivery> toQueue = sends.planDeliveries(planned, now);
        queue.enqueue(toQueue);
        sends.markDispatched(request.requestId(), skips, now);
        return new DispatchResult(request.requestId(), false, planned.size(), toQueue.size());
    }

    /**
     * What a dispatch did.
     *
     * @param requestId the request
     * @param repeated whether the request had been dispatched before (nothing was done)
     * @param planned deliveries planned this time
     * @param queued deliveries queued this time
     */
    public record DispatchResult(String requestId, boolean repeated, int planned, int queued) {
    }
}
