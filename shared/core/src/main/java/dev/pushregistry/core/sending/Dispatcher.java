package dev.pushregistry.core.sending;

import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.person.PersonDevices;
import dev.pushregistry.core.registry.RegistryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a send request into deliveries: resolves each person to their eligible devices, records the
 * plan in groups of up to {@link DeliveryGroup#MAX_SIZE} deliveries of one push service and one app,
 * and queues one message per group for its push service.
 *
 * <p>Running it again for the same request id (a queue redelivery, or the same id sent twice) plans
 * nothing twice: a request already dispatched is skipped, and one interrupted half-way finds the
 * groups it planned (by app and token fingerprint) and queues again only their deliveries that have no
 * outcome yet (or a failed one), which their group's claim keeps from being pushed twice. A copy
 * racing it for a group number leaves that group's deliveries to the copy that planned it.
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
        for (PersonDevices person : registry.findPeopleDevices(request.personIds(), now)) {
            DeliveryPlanner.PersonPlan plan = DeliveryPlanner.plan(request, person);
            planned.addAll(plan.deliveries());
            plan.skips().forEach((reason, count) -> skips.merge(reason, count, Integer::sum));
        }
        List<DeliveryGroup> toQueue = planGroups(request, planned, now);
        queue.enqueue(toQueue);
        sends.markDispatched(request.requestId(), skips, now);
        return new DispatchResult(request.requestId(), false, planned.size(),
                toQueue.stream().mapToInt(group -> group.slots().size()).sum());
    }

    /** Records the deliveries in groups and answers the groups to queue; see the class description. */
    private List<DeliveryGroup> planGroups(SendRequest request, List<Delivery> deliveries, Instant now) {
        PlannedSoFar known = new PlannedSoFar();
        sends.findGroups(request.requestId()).forEach(known::add);
        Map<Integer, List<DeliveryGroup.Slot>> again = new LinkedHashMap<>();
        Map<Bundle, List<Delivery>> fresh = new LinkedHashMap<>();
        for (Delivery delivery : deliveries) {
            Optional<Place> place = known.find(delivery);
            if (place.isEmpty()) {
                fresh.computeIfAbsent(new Bundle(delivery.provider(), delivery.appId()), bundle -> new ArrayList<>())
                        .add(delivery);
            } else if (place.get().stillToPush()) {
                again.computeIfAbsent(place.get().group().number(), number -> new ArrayList<>())
                        .add(new DeliveryGroup.Slot(place.get().index(), delivery));
            }
        }
        List<DeliveryGroup> toQueue = new ArrayList<>();
        again.forEach((number, slots) -> toQueue.add(new DeliveryGroup(request.requestId(), number,
                slots.get(0).delivery().provider(), slots.get(0).delivery().appId(), request.message(), slots)));
        int next = known.nextNumber();
        for (Map.Entry<Bundle, List<Delivery>> bundle : fresh.entrySet()) {
            Provider provider = bundle.getKey().provider();
            String appId = bundle.getKey().appId();
            List<Delivery> left = bundle.getValue();
            while (!left.isEmpty()) {
                List<Delivery> chunk = left.subList(0, Math.min(DeliveryGroup.MAX_SIZE, left.size()));
                int number = next++;
                Optional<GroupRecord> taken = sends.planGroup(GroupRecord.planned(request.requestId(), number,
                        provider, appId, request.message(), chunk.stream().map(Delivery::plannedTarget).toList()), now);
                if (taken.isEmpty()) {
                    List<DeliveryGroup.Slot> slots = new ArrayList<>();
                    for (int index = 0; index < chunk.size(); index++) {
                        slots.add(new DeliveryGroup.Slot(index, chunk.get(index)));
                    }
                    toQueue.add(new DeliveryGroup(request.requestId(), number, provider, appId,
                            request.message(), slots));
                    left = left.subList(chunk.size(), left.size());
                } else {
                    known.add(taken.get());
                    left = left.stream().filter(delivery -> known.find(delivery).isEmpty()).toList();
                }
            }
        }
        return toQueue;
    }

    /** The deliveries that may share a group: one push service, one app. */
    private record Bundle(Provider provider, String appId) {
    }

    /** The groups recorded for a request so far, by their app and the fingerprints of their tokens. */
    private static final class PlannedSoFar {
        private final Map<Planned, Place> places = new HashMap<>();
        private int highest = -1;

        void add(GroupRecord group) {
            highest = Math.max(highest, group.number());
            for (int index = 0; index < group.size(); index++) {
                places.putIfAbsent(new Planned(group.appId(), group.fingerprints().get(index)),
                        new Place(group, index));
            }
        }

        Optional<Place> find(Delivery delivery) {
            return Optional.ofNullable(places.get(
                    new Planned(delivery.appId(), GroupRecord.fingerprint(delivery.plannedTarget()))));
        }

        int nextNumber() {
            return highest + 1;
        }
    }

    /** A device as a group record knows it: its app and its token's fingerprint. */
    private record Planned(String appId, long fingerprint) {
    }

    /** Where a token was planned: a group and its slot. */
    private record Place(GroupRecord group, int index) {
        /** Whether the slot still needs a push: no outcome yet, or a failed one. */
        boolean stillToPush() {
            return group.outcome(index).map(outcome -> outcome == DeliveryOutcome.FAILED).orElse(true);
        }
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
