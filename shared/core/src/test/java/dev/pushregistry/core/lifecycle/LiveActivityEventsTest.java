package dev.pushregistry.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pushregistry.core.device.DeletionReason;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.LiveActivities;
import dev.pushregistry.core.device.LiveActivity;
import dev.pushregistry.core.device.LiveActivityEnding;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.fixtures.Tokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which Live Activity events a change of a device gives, and why an ended activity ended. */
class LiveActivityEventsTest {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final String DEVICE_TOKEN = Tokens.apns();
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final ChangeRecord RECORD = new ChangeRecord("record-9", "000077", T0.plusSeconds(5), List.of());
    private static final long V1 = T0.toEpochMilli() * 1000;
    private static final long V2 = V1 + 2_500;

    private static LiveActivity activity(String id, String token) {
        return new LiveActivity(id, "Delivery", token, DeviceStatus.UNUSED, T0, T0);
    }

    private static Device device(String owner, long version, LiveActivities liveActivities) {
        return Device.builder().appId("shop").token(DEVICE_TOKEN).platform(Platform.IOS).provider(Provider.APNS)
                .personId(owner).lastUsed(T0).createdAt(T0).registrationVersion(version).liveActivities(liveActivities)
                .build();
    }

    private static LiveActivities running(LiveActivity... activities) {
        LiveActivities tokens = LiveActivities.NONE;
        for (LiveActivity activity : activities) {
            tokens = tokens.withActivity(activity.activityId(), activity.activityType(), activity.token(), T0);
        }
        return tokens;
    }

    /** Each event as {@code type activity_id reason person}. */
    private static List<String> described(List<RegistryEvent> events) {
        return events.stream().filter(event -> event.type().wire().startsWith("live_activity"))
                .map(event -> event.type().wire() + " " + event.detail().get("activity_id") + " "
                        + event.detail().getOrDefault("reason", "-") + " " + event.personId().orElse("-"))
                .toList();
    }

    private static List<String> written(Device before, Device after) {
        return described(EventRules.eventsOf(RECORD, new StreamChange.DeviceWritten(before, after)));
    }

    @Test
    void aNewActivityOrARotatedTokenIsRegisteredAndAnUnchangedOneGivesNothing() {
        Device before = device("ann", V1, running(activity("order-1", A)));

        assertEquals(List.of("live_activity.registered order-2 - ann"),
                written(before, device("ann", V2, running(activity("order-1", A), activity("order-2", B)))));
        assertEquals(List.of("live_activity.registered order-1 - ann"),
                written(before, device("ann", V2, running(activity("order-1", B)))));
        assertEquals(List.of(), written(before, device("ann", V2, running(activity("order-1", A)))));
    }

    @Test
    void anEndedActivityGivesTheReasonItsChangeRecorded() {
        Device before = device("ann", V1, running(activity("order-1", A), activity("order-2", B)));

        assertEquals(List.of("live_activity.ended order-1 app ann"),
                written(before, device("ann", V2, before.liveActivities().withoutActivity("order-1"))));
        assertEquals(List.of("live_activity.ended order-2 unregistered ann"), written(before, device("ann", V2,
                before.liveActivities().withoutActivity("order-2", LiveActivityEnding.UNREGISTERED))));
    }

    @Test
    void aDeviceThatMovesOrGoesEndsItsActivitiesForTheOwnerItLeft() {
        Device before = device("ann", V1, running(activity("order-1", A)));

        assertEquals(List.of("live_activity.ended order-1 device_gone ann"),
                written(before, device("bob", V2, LiveActivities.NONE)));
        List<RegistryEvent> deleted = EventRules.eventsOf(RECORD, new StreamChange.DeviceDeleted(before.address(),
                Optional.of("ann"), DeletionReason.LOGGED_OUT, T0, Optional.empty(),
                before.liveActivities().activities().values()));
        assertEquals(List.of("live_activity.ended order-1 device_gone ann"), described(deleted));
        assertEquals(2, deleted.size(), "beside the device's own event");
        assertEquals(Map.of("activity_id", "order-1", "activity_type", "Delivery", "reason", "device_gone"),
                deleted.get(1).detail());
    }
}
