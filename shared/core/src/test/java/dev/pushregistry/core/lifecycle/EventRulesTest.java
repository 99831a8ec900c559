package dev.pushregistry.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.core.device.DeletionReason;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.sending.DeliveryOutcome;
import dev.pushregistry.core.sending.SendSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which events each kind of table change gives, without a stream or a bus. */
class EventRulesTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final String TOKEN = Tokens.apns();
    private static final ChangeRecord RECORD = new ChangeRecord("record-1", "000042", T0.plusSeconds(5), List.of());

    private static Device device(String owner, DeviceStatus status, long versionMicros) {
        return Device.builder()
                .appId("shop")
                .token(TOKEN)
                .platform(Platform.IOS)
                .provider(Provider.APNS)
                .personId(owner)
                .pushEnabled(true)
                .status(status)
                .lastUsed(T0)
                .createdAt(T0)
                .attributes(Map.of())
                .registrationVersion(versionMicros)
                .build();
    }

    private static List<RegistryEvent> written(Device before, Device after) {
        return EventRules.eventsOf(RECORD, new StreamChange.DeviceWritten(before, after));
    }

    private static final long V1 = T0.toEpochMilli() * 1000;
    private static final long V2 = V1 + 2_500;

    @Test
    void aNewDeviceIsRegisteredWithItsPlatformAndOwner() {
        List<RegistryEvent> events = written(null, device("ada", DeviceStatus.UNUSED, V1));
        assertEquals(1, events.size());
        RegistryEvent registered = events.get(0);
        assertEquals(EventType.DEVICE_REGISTERED, registered.type());
        assertEquals(Optional.of("ada"), registered.personId());
        assertEquals(Optional.of("shop"), registered.appId());
        assertEquals(Optional.of(TOKEN), registered.token());
        assertEquals(Optional.of("000042"), registered.sequence());
        assertEquals(T0, registered.at());
        assertEquals(Map.of("platform", "ios", "provider", "apns", "apns_environment", "production", "push_enabled", true),
                registered.detail());
    }

    @Test
    void aDeviceThatChangesHandsIsMovedFromTheOldOwnerOrFromNobody() {
        RegistryEvent moved = written(device("ada", DeviceStatus.SENT, V1), device("bob", DeviceStatus.SENT, V2)).get(0);
        assertEquals(EventType.DEVICE_MOVED, moved.type());
        assertEquals(Optional.of("bob"), moved.personId());
        assertEquals("ada", moved.detail().get("from"));
        assertEquals("bob", moved.detail().get("to"));
        assertEquals(T0.plusMillis(2), moved.at(), "the new registration's version, to the millisecond");

        RegistryEvent claimed = written(device(null, DeviceStatus.UNUSED, V1), device("bob", DeviceStatus.UNUSED, V2)).get(0);
        assertEquals(EventType.DEVICE_MOVED, claimed.type());
        assertTrue(claimed.detail().containsKey("from"));
        assertEquals(null, claimed.detail().get("from"));
    }

    @Test
    void anOwnerLeavingWithoutSuccessorIsALogout() {
        RegistryEvent loggedOut = written(device("ada", DeviceStatus.SENT, V1), device(null, DeviceStatus.SENT, V2)).get(0);
        assertEquals(EventType.DEVICE_LOGGED_OUT, loggedOut.type());
        assertEquals(Optional.of("ada"), loggedOut.personId());
        assertEquals(Map.of("deleted", false), loggedOut.detail());
    }

    @Test
    void statusChangesThatMatterGiveTheirEventsAndTheRestNone() {
        assertEquals(List.of(), written(device("ada", DeviceStatus.UNUSED, V1), device("ada", DeviceStatus.SENT, V1)),
                "a first push is no lifecycle event");
        assertEquals(List.of(), written(device("ada", DeviceStatus.SENT, V1), device("ada", DeviceStatus.SENT, V2)),
                "a register that changes nothing an event is about");
        RegistryEvent bounced = written(device("ada", DeviceStatus.SENT, V1), device("ada", DeviceStatus.BOUNCED, V1)).get(0);
        assertEquals(EventType.DEVICE_BOUNCED, bounced.type());
        assertEquals(RECORD.approximateAt(), bounced.at(), "a sender's write keeps the registration: the stream's time");
        assertEquals(Map.of("previous_status", "sent"), bounced.detail());
        assertEquals(EventType.DEVICE_SUPPRESSED,
                written(device("ada", DeviceStatus.BOUNCED, V1), device("ada", DeviceStatus.SUPPRESSED, V1)).get(0).type());
        assertEquals(List.of(), written(device("ada", DeviceStatus.BOUNCED, V1), device("ada", DeviceStatus.SENT, V1)),
                "a bounced device that takes a push again is no reset");
    }

    @Test
    void anIdentifyThatMovesAndResetsGivesBothEventsWithTheirOwnIds() {
        List<RegistryEvent> events = written(device("ada", DeviceStatus.SUPPRESSED, V1), device("bob", DeviceStatus.UNUSED, V2));
        assertEquals(List.of(EventType.DEVICE_MOVED, EventType.DEVICE_RESET), events.stream().map(RegistryEvent::type).toList());
        assertNotEquals(events.get(0).id(), events.get(1).id());
        assertEquals(Map.of("previous_status", "suppressed"), events.get(1).detail());
        assertEquals(T0.plusMillis(2), events.get(1).at());
    }

    @Test
    void deletionsSayWhyAndALogoutUnderTheDeletePolicyIsALogout() {
        DeviceAddress address = new DeviceAddress("shop", TOKEN);
        RegistryEvent refreshed = EventRules.eventsOf(RECORD, new StreamChange.DeviceDeleted(address, Optional.of("ada"),
                DeletionReason.REFRESHED, T0, Optional.of("new-token"), List.of())).get(0);
        assertEquals(EventType.DEVICE_DELETED, refreshed.type());
        assertEquals(Map.of("reason", "refreshed", "replaced_by", "new-token"), refreshed.detail());
        assertEquals(Optional.of("ada"), refreshed.personId());

        RegistryEvent expired = EventRules.eventsOf(RECORD, new StreamChange.DeviceDeleted(address, Optional.empty(),
                DeletionReason.EXPIRED, T0, Optional.empty(), List.of())).get(0);
        assertEquals(Map.of("reason", "expired"), expired.detail());
        assertEquals(Optional.empty(), expired.personId());

        RegistryEvent loggedOut = EventRules.eventsOf(RECORD, new StreamChange.DeviceDeleted(address, Optional.of("ada"),
                DeletionReason.LOGGED_OUT, T0, Optional.empty(), List.of())).get(0);
        assertEquals(EventType.DEVICE_LOGGED_OUT, loggedOut.type());
        assertEquals(Map.of("deleted", true), loggedOut.detail());
    }

    @Test
    void idsAreTheSameWhenARecordIsReadAgainAndDifferForAnotherRecord() {
        Device before = device("ada", DeviceStatus.SENT, V1);
        Device after = device("bob", DeviceStatus.SENT, V2);
        assertEquals(written(before, after).get(0).id(), written(before, after).get(0).id());
        ChangeRecord other = new ChangeRecord("record-2", "000043", T0, List.of());
        assertNotEquals(written(before, after).get(0).id(),
                EventRules.eventsOf(other, new StreamChange.DeviceWritten(before, after)).get(0).id());
    }

    @Test
    void aSendCompletesOnceDoneWithItsCountsAndTheRequestsId() {
        SendSummary pending = SendSummary.of("r-1", true, Map.of(), List.of(Optional.of(DeliveryOutcome.SENT), Optional.empty()));
        assertEquals(Optional.empty(), EventRules.sendCompleted(pending, T0));
        SendSummary done = SendSummary.of("r-1", true, Map.of(),
                List.of(Optional.of(DeliveryOutcome.SENT), Optional.of(DeliveryOutcome.DELETED)));
        RegistryEvent completed = EventRules.sendCompleted(done, T0).orElseThrow();
        assertEquals(EventType.SEND_COMPLETED, completed.type());
        assertEquals("r-1", completed.detail().get("request_id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) completed.detail().get("counts");
        assertEquals(2, counts.get("targeted"));
        assertEquals(1, counts.get("sent"));
        assertEquals(1, counts.get("deleted"));
        assertEquals("targeted", counts.keySet().iterator().next());
        assertEquals(completed.id(), EventRules.sendCompleted(done, T0.plusSeconds(9)).orElseThrow().id(),
                "every group that sees the request done gives the same id");
    }
}
