package dev.pushregistry.core.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.LiveActivities;
import dev.pushregistry.core.device.LiveActivity;
import dev.pushregistry.core.device.LiveActivityEnding;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.registry.RegistryChange;
import dev.pushregistry.core.time.Timestamps;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a push service's answer to a Live Activity push does, against what the device holds when the
 * answer arrives: the delivery's outcome, and the device change (an activity marked sent, ended, or a
 * start token removed; never a bounce), only while the device still holds the token the push went to.
 */
class LiveActivityVerdictsTest {
    private static final Instant REGISTERED = Instant.parse("2026-12-05T09:00:00Z");
    private static final long PLANNED_VERSION = Timestamps.micros(REGISTERED);
    private static final long VERDICT_VERSION = PLANNED_VERSION + 60_000_000;
    private static final String PLANNED = "a".repeat(64);
    private static final String ROTATED = "b".repeat(64);

    private static PushMessage message(LiveActivityPush.Event event) {
        return PushMessage.builder().title("Hi").liveActivity(new LiveActivityPush(event,
                event == LiveActivityPush.Event.START ? Optional.empty() : Optional.of("order-1"),
                event == LiveActivityPush.Event.START ? Optional.of("Delivery") : Optional.empty(),
                event == LiveActivityPush.Event.START ? Optional.of("{}") : Optional.empty(),
                event == LiveActivityPush.Event.END ? Optional.empty() : Optional.of("{}"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(REGISTERED))).build();
    }

    /** The device as the answer finds it: holding the planned token or a rotated one, sent or not, or another's. */
    private static Device device(String held, DeviceStatus status, String owner) {
        LiveActivities tokens = LiveActivities.of(Map.of("Delivery", held),
                Map.of("order-1", new LiveActivity("order-1", "Delivery", held, status, REGISTERED, REGISTERED)));
        return Device.builder().appId("shop").token("f".repeat(64)).platform(Platform.IOS).provider(Provider.APNS)
                .personId(owner).status(DeviceStatus.BOUNCED).lastUsed(REGISTERED).createdAt(REGISTERED)
                .registrationVersion(PLANNED_VERSION).liveActivities(tokens).build();
    }

    private static PushResult answer(String name) {
        return switch (name) {
            case "accepted" -> new PushResult.Accepted();
            case "unregistered" -> new PushResult.Unregistered(Optional.empty());
            default -> new PushResult.BadToken("BadDeviceToken");
        };
    }

    @ParameterizedTest(name = "{0} {1}, device holds {2} ({3}) for {4}: {5}, {6}")
    @CsvSource({
        // event, answer, token held, activity status, owner, outcome, what changes
        "UPDATE, accepted,     planned, UNUSED, ann, SENT,          activity sent",
        "UPDATE, accepted,     planned, SENT,   ann, SENT,          nothing",
        "END,    accepted,     planned, UNUSED, ann, SENT,          activity sent",
        "START,  accepted,     planned, UNUSED, ann, SENT,          nothing",
        "UPDATE, unregistered, planned, SENT,   ann, DELETED,       activity ended",
        "UPDATE, bad_token,    planned, UNUSED, ann, DELETED,       activity ended",
        "START,  unregistered, planned, UNUSED, ann, DELETED,       start token removed",
        "START,  bad_token,    planned, UNUSED, ann, DELETED,       start token removed",
        "UPDATE, unregistered, rotated, UNUSED, ann, SKIPPED_STALE, nothing",
        "START,  bad_token,    rotated, UNUSED, ann, SKIPPED_STALE, nothing",
        "UPDATE, unregistered, planned, UNUSED, bob, SKIPPED_STALE, nothing",
        "UPDATE, accepted,     rotated, UNUSED, ann, SENT,          nothing"})
    void anAnswerChangesOnlyTheTokenThePushWentToAndNeverTheDevicesStatus(LiveActivityPush.Event event, String answer,
                                                                          String held, DeviceStatus status, String owner,
                                                                          DeliveryOutcome outcome, String changes) {
        Device before = device(held.equals("planned") ? PLANNED : ROTATED, status, owner);
        Delivery delivery = new Delivery("r", before.address(), before.apnsEnvironment(), "ann", Provider.APNS,
                Platform.IOS, PLANNED_VERSION, message(event), PLANNED);

        VerdictRules.Verdict verdict = VerdictRules.verdict(delivery, before, answer(answer), false, VERDICT_VERSION);

        assertEquals(outcome, verdict.outcome());
        RegistryChange change = verdict.change();
        if (changes.equals("nothing")) {
            assertNull(change, "nothing is written");
            return;
        }
        Device after = change.transitions().get(0).after();
        assertEquals(DeviceStatus.BOUNCED, after.status(), "the device's own status is left alone");
        assertEquals(VERDICT_VERSION, after.registrationVersion(), "a new registration version: no older write brings it back");
        switch (changes) {
            case "activity sent" -> assertEquals(DeviceStatus.SENT, after.liveActivities().activities().get("order-1").status());
            case "activity ended" -> {
                assertEquals(Map.of(), after.liveActivities().activities());
                assertEquals(Map.of("order-1", LiveActivityEnding.UNREGISTERED), after.liveActivities().endings());
                assertEquals(Map.of("Delivery", PLANNED), after.liveActivities().startTokens());
            }
            default -> {
                assertEquals(Map.of(), after.liveActivities().startTokens());
                assertEquals(1, after.liveActivities().activities().size());
            }
        }
    }
}
