package dev.pushregistry.core.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.person.PersonDevices;
import dev.pushregistry.core.person.PersonProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who gets a push, rule by rule, without storage. */
class DeliveryPlannerTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final PushMessage VISIBLE = PushMessage.builder().title("Hi").build();
    private static final PushMessage SILENT = PushMessage.builder().background(true).build();

    private static Device device(Platform platform, DeviceStatus status, boolean pushEnabled, int minutesAgo) {
        Instant used = T0.minusSeconds(60L * minutesAgo);
        return Device.builder()
                .appId("shop")
                .token(platform == Platform.IOS ? Tokens.apns() : Tokens.fcm())
                .platform(platform)
                .provider(platform == Platform.IOS ? Provider.APNS : Provider.FCM)
                .personId("ada")
                .pushEnabled(pushEnabled)
                .status(status)
                .lastUsed(used)
                .createdAt(used)
                .attributes(Map.of())
                .registrationVersion(used.toEpochMilli() * 1000)
                .build();
    }

    private static PersonDevices person(boolean unsubscribed, Device... devices) {
        return new PersonDevices("ada", Optional.of(new PersonProfile("ada", unsubscribed, T0, T0)), List.of(devices));
    }

    private static SendRequest.Builder request(PushMessage message) {
        return SendRequest.builder().requestId("r").personIds(List.of("ada")).message(message);
    }

    @Test
    void everyEligibleDeviceByDefaultAndTheRestCountedByReason() {
        Device ok = device(Platform.IOS, DeviceStatus.SENT, true, 5);
        Device bounced = device(Platform.ANDROID, DeviceStatus.BOUNCED, true, 9);
        Device suppressed = device(Platform.IOS, DeviceStatus.SUPPRESSED, true, 1);
        Device off = device(Platform.ANDROID, DeviceStatus.UNUSED, false, 2);

        DeliveryPlanner.PersonPlan plan = DeliveryPlanner.plan(request(VISIBLE).build(),
                person(false, ok, bounced, suppressed, off));

        assertEquals(Set.of(ok.token(), bounced.token()),
                Set.copyOf(plan.deliveries().stream().map(Delivery::token).toList()));
        assertEquals(Map.of(DispatchSkip.SUPPRESSED, 1, DispatchSkip.PUSH_DISABLED, 1), plan.skips());
        Delivery delivery = plan.deliveries().stream().filter(d -> d.token().equals(ok.token())).findFirst().orElseThrow();
        assertEquals(ok.registrationVersion(), delivery.registrationVersion(), "addressed to the registration seen");
        assertEquals("ada", delivery.personId());
    }

    @Test
    void backgroundPushesReachDevicesWithNotificationsOff() {
        Device off = device(Platform.ANDROID, DeviceStatus.UNUSED, false, 2);

        assertEquals(1, DeliveryPlanner.plan(request(SILENT).build(), person(false, off)).deliveries().size());
    }

    @Test
    void lastActiveIsTheMostRecentlyUsedEligibleDevice() {
        Device older = device(Platform.IOS, DeviceStatus.UNUSED, true, 30);
        Device newest = device(Platform.ANDROID, DeviceStatus.SUPPRESSED, true, 1);
        Device newestEligible = device(Platform.IOS, DeviceStatus.SENT, true, 10);

        List<Delivery> deliveries = DeliveryPlanner.plan(request(VISIBLE).target(SendTarget.LAST_ACTIVE).build(),
                person(false, older, newest, newestEligible)).deliveries();

        assertEquals(List.of(newestEligible.token()), deliveries.stream().map(Delivery::token).toList());
    }

    @Test
    void aTokenAndPlatformsNarrowTheMatch() {
        Device ios = device(Platform.IOS, DeviceStatus.UNUSED, true, 3);
        Device android = device(Platform.ANDROID, DeviceStatus.UNUSED, true, 4);

        assertEquals(List.of(ios.token()), DeliveryPlanner.plan(request(VISIBLE).token(ios.token()).build(),
                person(false, ios, android)).deliveries().stream().map(Delivery::token).toList());
        assertEquals(List.of(android.token()), DeliveryPlanner.plan(request(VISIBLE).platforms(Set.of(Platform.ANDROID))
                .build(), person(false, ios, android)).deliveries().stream().map(Delivery::token).toList());
    }

    @Test
    void appsNarrowTheMatchAndLastActivePicksAmongWhatIsLeft() {
        Device shopOlder = device(Platform.IOS, DeviceStatus.UNUSED, true, 30);
        Device courierNewest = device(Platform.IOS, DeviceStatus.UNUSED, true, 1).toBuilder().appId("courier").build();

        List<Delivery> onlyShop = DeliveryPlanner.plan(request(VISIBLE).apps(Set.of("shop"))
                .target(SendTarget.LAST_ACTIVE).build(), person(false, shopOlder, courierNewest)).deliveries();

        assertEquals(List.of(shopOlder.address()), onlyShop.stream().map(Delivery::address).toList());
        assertEquals(2, DeliveryPlanner.plan(request(VISIBLE).build(), person(false, shopOlder, courierNewest))
                .deliveries().size(), "no apps named: every app");
        assertEquals("courier", DeliveryPlanner.plan(request(VISIBLE).target(SendTarget.LAST_ACTIVE).build(),
                person(false, shopOlder, courierNewest)).deliveries().get(0).appId());
    }

    @Test
    void unsubscribedPeopleGetOnlyTransactionalSends() {
        Device ios = device(Platform.IOS, DeviceStatus.UNUSED, true, 3);

        DeliveryPlanner.PersonPlan campaign = DeliveryPlanner.plan(request(VISIBLE).build(), person(true, ios));
        DeliveryPlanner.PersonPlan receipt = DeliveryPlanner.plan(request(VISIBLE).transactional(true).build(),
                person(true, ios));

        assertTrue(campaign.deliveries().isEmpty());
        assertEquals(Map.of(DispatchSkip.UNSUBSCRIBED, 1), campaign.skips());
        assertEquals(1, receipt.deliveries().size());
    }
}
