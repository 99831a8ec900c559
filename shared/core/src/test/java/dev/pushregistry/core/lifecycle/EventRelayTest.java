package dev.pushregistry.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pushregistry.core.device.DeletionReason;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.core.sending.DeliveryOutcome;
import dev.pushregistry.core.sending.SendSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Publishing a batch in order, and where to start again when the bus refuses. */
class EventRelayTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    /** A bus that takes events until it is told to refuse the event at a position of the whole run. */
    private static final class RecordingBus implements EventPublisher {
        final List<List<RegistryEvent>> calls = new ArrayList<>();
        final List<RegistryEvent> taken = new ArrayList<>();
        int refuseAt = -1;
        boolean unreachable;

        @Override
        public List<Boolean> publish(List<RegistryEvent> events) {
            calls.add(events);
            if (unreachable) {
                throw new TransientFailure.Unavailable("could not publish events", null);
            }
            List<Boolean> accepted = new ArrayList<>();
            for (RegistryEvent event : events) {
                boolean ok = taken.size() != refuseAt;
                if (ok) {
                    taken.add(event);
                } else {
                    refuseAt = -1;
                }
                accepted.add(ok);
            }
            return accepted;
        }
    }

    /** Send records in memory: summaries by request, and the record that holds each claim. */
    private static final class Completions implements RelayStore {
        final Map<String, SendSummary> summaries = new HashMap<>();
        final Map<String, String> claims = new HashMap<>();
        String unreadable;

        @Override
        public Optional<DeletionNote> deletion(DeviceAddress device, long registrationVersion) {
            return Optional.empty();
        }

        @Override
        public Optional<SendSummary> summary(String requestId) {
            if (requestId.equals(unreadable)) {
                throw new TransientFailure.Throttled(null);
            }
            return Optional.ofNullable(summaries.get(requestId));
        }

        @Override
        public boolean claim(String requestId, String recordId) {
            return claims.computeIfAbsent(requestId, request -> recordId).equals(recordId);
        }
    }

    private static final Completions NONE = new Completions();

    private static ChangeRecord deletion(int number) {
        return new ChangeRecord("record-" + number, String.format("%06d", number), T0, List.of(
                new StreamChange.DeviceDeleted(new DeviceAddress("shop", "token-" + number), Optional.empty(),
                        DeletionReason.UNREGISTERED, T0, Optional.empty(), List.of())));
    }

    private static List<ChangeRecord> deletions(int count) {
        List<ChangeRecord> records = new ArrayList<>();
        for (int number = 1; number <= count; number++) {
            records.add(deletion(number));
        }
        return records;
    }

    @Test
    void aBatchGoesOutInOrderTenEventsACall() {
        RecordingBus bus = new RecordingBus();
        EventRelay.Result result = new EventRelay(bus, NONE).relay(deletions(23));
        assertEquals(Optional.empty(), result.retryFrom());
        assertEquals(23, result.total());
        assertEquals(List.of(10, 10, 3), bus.calls.stream().map(List::size).toList());
        assertEquals("token-1", bus.taken.get(0).token().orElseThrow());
        assertEquals("token-23", bus.taken.get(22).token().orElseThrow());
    }

    @Test
    void aRefusedEventStopsTheBatchAtItsRecordAndTheRetryGivesTheSameIds() {
        RecordingBus bus = new RecordingBus();
        bus.refuseAt = 12;
        List<ChangeRecord> records = deletions(20);
        EventRelay relay = new EventRelay(bus, NONE);
        EventRelay.Result result = relay.relay(records);
        assertEquals(Optional.of("000013"), result.retryFrom(), "the 13th record's event was refused");
        assertEquals(12, result.total());
        assertEquals(2, bus.calls.size(), "nothing after the refused chunk is published");

        String refusedId = EventRules.eventsOf(records.get(12), records.get(12).changes().get(0)).get(0).id();
        EventRelay.Result again = relay.relay(records.subList(12, records.size()));
        assertEquals(Optional.empty(), again.retryFrom());
        assertEquals(refusedId, bus.taken.get(bus.taken.size() - 8).id());
    }

    @Test
    void anUnreachableBusRetriesFromTheFirstRecord() {
        RecordingBus bus = new RecordingBus();
        bus.unreachable = true;
        EventRelay.Result result = new EventRelay(bus, NONE).relay(deletions(3));
        assertEquals(Optional.of("000001"), result.retryFrom());
        assertEquals(Optional.of("could not publish events"), result.reason());
    }

    @Test
    void aSendCompletesOnceWhenItsSummaryIsDoneHoweverManyRecordsSeeIt() {
        Completions sends = new Completions();
        sends.summaries.put("r-1", SendSummary.of("r-1", true, Map.of(), List.of(Optional.of(DeliveryOutcome.SENT))));
        sends.summaries.put("r-2", SendSummary.of("r-2", true, Map.of(), List.of(Optional.empty())));
        ChangeRecord dispatched = new ChangeRecord("d1", "000001", T0, List.of(new StreamChange.SendProgressed("r-1")));
        ChangeRecord pending = new ChangeRecord("g2", "000002", T0, List.of(new StreamChange.SendProgressed("r-2")));
        ChangeRecord lastGroup = new ChangeRecord("g1", "000003", T0, List.of(new StreamChange.SendProgressed("r-1")));
        RecordingBus bus = new RecordingBus();
        EventRelay relay = new EventRelay(bus, sends);

        assertEquals(Optional.empty(), relay.relay(List.of(dispatched, pending)).retryFrom());
        assertEquals(Optional.empty(), relay.relay(List.of(lastGroup)).retryFrom());
        assertEquals(List.of(EventType.SEND_COMPLETED), bus.taken.stream().map(RegistryEvent::type).toList(),
                "the record holding the claim announces it; the other record that saw it done does not");

        bus.refuseAt = 1;
        relay.relay(List.of(dispatched));
        relay.relay(List.of(dispatched));
        assertEquals(2, bus.taken.size(), "the claim's holder, read again after a refusal, publishes again");
    }

    @Test
    void aSummaryThatCannotBeReadIsRetriedAfterWhatCameBefore() {
        Completions sends = new Completions();
        sends.summaries.put("r-1", SendSummary.of("r-1", true, Map.of(), List.of(Optional.of(DeliveryOutcome.SENT))));
        sends.unreadable = "r-2";
        RecordingBus bus = new RecordingBus();
        EventRelay.Result unreadable = new EventRelay(bus, sends).relay(List.of(
                new ChangeRecord("g1", "000001", T0, List.of(new StreamChange.SendProgressed("r-1"))),
                new ChangeRecord("g2", "000002", T0, List.of(new StreamChange.SendProgressed("r-2")))));
        assertEquals(Optional.of("000002"), unreadable.retryFrom(), "published what came before, then stopped");
        assertEquals(1, bus.taken.size());
    }
}
