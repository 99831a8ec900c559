package dev.pushregistry.core.sending;

import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.LiveActivity;
import dev.pushregistry.core.person.PersonDevices;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides who gets a push: which of a person's devices a send request reaches, and why the others
 * that matched it do not. Pure rules, no storage.
 *
 * <p>A device matches when the person owns it, its app and platform are allowed and, if the request
 * names a token, it is that token. A matching device is eligible unless the person unsubscribed (and the
 * send is not transactional), it is suppressed, or notifications are off and the push is visible.
 * {@link SendTarget#LAST_ACTIVE} keeps only the most recently used eligible device.
 *
 * <p>A Live Activity start matches only devices with a push-to-start token for its activity type,
 * and goes to that token; an update or end goes to every activity with its id the person runs.
 */
public final class DeliveryPlanner {
    private DeliveryPlanner() {
    }

    /** What a request means for one person. */
    public static PersonPlan plan(SendRequest request, PersonDevices person) {
        Optional<LiveActivityPush> liveActivity = request.message().liveActivity();
        if (liveActivity.isPresent() && liveActivity.get().event() != LiveActivityPush.Event.START) {
            return runningActivities(request, person, liveActivity.get().activityId().orElseThrow());
        }
        Optional<String> startedType = liveActivity.flatMap(LiveActivityPush::activityType);
        List<Device> matching = person.devices().stream()
                .filter(device -> request.platforms().contains(device.platform()))
                .filter(device -> request.apps().isEmpty() || request.apps().contains(device.appId()))
                .filter(device -> request.token().map(device.token()::equals).orElse(true))
                .filter(device -> startedType.map(device.liveActivities().startTokens()::containsKey).orElse(true))
                .toList();
        Map<DispatchSkip, Integer> skips = new EnumMap<>(DispatchSkip.class);
        if (person.unsubscribed() && !request.transactional()) {
            if (!matching.isEmpty()) {
                skips.put(DispatchSkip.UNSUBSCRIBED, matching.size());
            }
            return new PersonPlan(List.of(), skips);
        }
        List<Device> eligible = new ArrayList<>();
        for (Device device : matching) {
            Optional<DispatchSkip> skip = skipReason(device, request.message());
            skip.ifPresentOrElse(reason -> skips.merge(reason, 1, Integer::sum), () -> eligible.add(device));
        }
        List<Device> chosen = request.target() == SendTarget.LAST_ACTIVE
                ? eligible.stream().max(Comparator.comparing(Device::lastUsed)).stream().toList()
                : eligible;
        List<Delivery> deliveries = chosen.stream()
                .map(device -> Delivery.plan(request.requestId(), device, request.message(),
                        startedType.map(device.liveActivities().startTokens()::get).orElse(null)))
                .toList();
        return new PersonPlan(deliveries, skips);
    }

    /**
     * An update or end of a Live Activity: every activity with {@code activityId} the person runs on a
     * device of an app the request allows, whatever the device's status, notifications or the
     * person's subscription (the person started the activity, which expects its updates).
     */
    private static PersonPlan runningActivities(SendRequest request, PersonDevices person, String activityId) {
        List<Delivery> deliveries = new ArrayList<>();
        for (Device device : person.devices()) {
            LiveActivity activity = device.liveActivities().activities().get(activityId);
            if (activity != null && (request.apps().isEmpty() || request.apps().contains(device.appId()))) {
                deliveries.add(Delivery.plan(request.requestId(), device, request.message(), activity.token()));
            }
        }
        return new PersonPlan(deliveries, Map.of());
    }

    /** Why an owned device should not get {@code message} now, if it should not. */
    public static Optional<DispatchSkip> skipReason(Device device, PushMessage message) {
        if (device.status() == DeviceStatus.SUPPRESSED) {
            return Optional.of(DispatchSkip.SUPPRESSED);
        }
        if (!device.pushEnabled() && message.visible()) {
            return Optional.of(DispatchSkip.PUSH_DISABLED);
        }
        return Optional.empty();
    }

    /**
     * The deliveries planned for one person and the matching devices left out, by reason.
     *
     * @param deliveries one per device to push to
     * @param skips how many matching devices were left out, by reason
     */
    public record PersonPlan(List<Delivery> deliveries, Map<DispatchSkip, Integer> skips) {
        public PersonPlan {
            deliveries = List.copyOf(deliveries);
            skips = Map.copyOf(skips);
        }
    }
}
