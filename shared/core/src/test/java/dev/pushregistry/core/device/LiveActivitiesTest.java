package dev.pushregistry.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A device's Live Activity tokens: start tokens by type, activities by id, and their limits. */
class LiveActivitiesTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void aReportSetsReplacesAndRemovesStartTokensByTypeAndKeepsTheTypesItDoesNotName() {
        LiveActivities started = LiveActivities.NONE.withStartTokens(Map.of("Delivery", Optional.of(A),
                "Score", Optional.of(B)));

        LiveActivities reported = started.withStartTokens(Map.of("Delivery", Optional.of(C), "Score", Optional.empty()));

        assertEquals(Map.of("Delivery", C), reported.startTokens());
        assertEquals(reported, reported.withStartTokens(Map.of()));
        assertEquals(LiveActivities.NONE, reported.withStartTokens(Map.of("Delivery", Optional.empty())));
    }

    @Test
    void moreThanTenStartTokenTypesAreRefused() {
        Map<String, Optional<String>> eleven = new LinkedHashMap<>();
        for (int type = 0; type < 11; type++) {
            eleven.put("Type" + type, Optional.of(A));
        }

        RegistryException refused = assertThrows(RegistryException.class,
                () -> LiveActivities.NONE.withStartTokens(eleven));

        assertEquals(ErrorCode.INVALID_JSON, refused.code());
        assertEquals("live_activity_start_tokens", refused.field());
    }

    @Test
    void aRotatedTokenKeepsTheActivitysStartAndStartsUnusedAndTheSameTokenKeepsItsStatus() {
        LiveActivities running = LiveActivities.NONE.withActivity("order-1", "Delivery", A, T0);
        LiveActivity sent = new LiveActivity("order-1", "Delivery", A, DeviceStatus.SENT, T0, T0);
        LiveActivities withSent = LiveActivities.of(Map.of(), Map.of("order-1", sent));

        LiveActivity rotated = withSent.withActivity("order-1", "Delivery", B, T0.plusSeconds(60)).activities().get("order-1");
        LiveActivity again = withSent.withActivity("order-1", "Delivery", A, T0.plusSeconds(60)).activities().get("order-1");

        assertEquals(List.of("order-1"), List.copyOf(running.activities().keySet()));
        assertEquals(B, rotated.token());
        assertEquals(T0, rotated.createdAt());
        assertEquals(T0.plusSeconds(60), rotated.updatedAt());
        assertEquals(DeviceStatus.UNUSED, rotated.status(), "a new token has had no push yet");
        assertEquals(DeviceStatus.SENT, again.status());
    }

    @Test
    void anEleventhActivityLetsGoOfTheOneRegisteredLongestAgo() {
        LiveActivities running = LiveActivities.NONE;
        for (int activity = 0; activity < 10; activity++) {
            running = running.withActivity("trip-" + activity, "Trip", A, T0.plusSeconds(10 - activity));
        }

        LiveActivities full = running.withActivity("trip-new", "Trip", B, T0.plusSeconds(100));

        assertEquals(10, full.activities().size());
        assertFalse(full.activities().containsKey("trip-9"), "registered first of all, at T0 + 1 s");
        assertEquals(B, full.activities().get("trip-new").token());
        assertEquals(running.withoutActivity("trip-9").activities().keySet(),
                full.withoutActivity("trip-new").activities().keySet());
    }

    @Test
    void idsTypesAndTokensHaveTheirShapes() {
        assertThrows(RegistryException.class, () -> LiveActivity.requireActivityId("a/b", "activity_id"));
        assertThrows(RegistryException.class, () -> LiveActivity.requireActivityId("x".repeat(129), "activity_id"));
        assertThrows(RegistryException.class, () -> LiveActivity.requireActivityType("1Type", "activity_type"));
        assertThrows(RegistryException.class, () -> LiveActivity.requireToken("ab", "token"));
        assertThrows(RegistryException.class, () -> LiveActivity.requireToken("g".repeat(64), "token"));
        assertEquals("order-77:a_b.c", LiveActivity.requireActivityId("order-77:a_b.c", "activity_id"));
        assertEquals("Delivery.Attributes_2", LiveActivity.requireActivityType("Delivery.Attributes_2", "activity_type"));
        assertEquals(ErrorCode.INVALID_TOKEN, assertThrows(RegistryException.class,
                () -> LiveActivity.requireToken("a".repeat(201), "token")).code());
    }

    @Test
    void liveActivitiesAreOnIosDevicesOnly() {
        Device.Builder android = Device.builder().appId("main").token("f".repeat(120)).platform(Platform.ANDROID)
                .provider(Provider.FCM).lastUsed(T0).createdAt(T0).registrationVersion(1)
                .liveActivities(LiveActivities.NONE.withStartTokens(Map.of("Delivery", Optional.of(A))));

        assertThrows(IllegalStateException.class, android::build);
    }
}
