package dev.pushregistry.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pushregistry.device.DeletionReason;
import dev.pushregistry.device.DeviceAddress;
import dev.pushregistry.error.TransientFailure;
import dev.pushregistry.sending.DeliveryOutcome;
import dev.pushregistry.sending.SendSummary;
import java.time.Instant;
import java.util.ArrayList;
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

    private static ChangeRecord deletion(int number) {
        return new ChangeRecord("record-" + number, String.format("%06d", number), T0, List.of(
                new StreamChange.DeviceDeleted(new DeviceAddress("shop", "token-" + number), Optional.empty(),
                        DeletionReason.UNREGISTERED, T0, Optional.empty())));
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
        EventRelay.Result result = new EventRelay(bus, request -> Optional.empty()).relay(deletions(23));
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
        EventRelay relay = new EventRelay(bus, request -> Optional.empty());
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
        EventRelay.Result result = new EventRelay(bus, request -> Optional.empty()).relay(deletions(3));
        assertEquals(Optional.of("000001"), result.retryFrom());
        assertEquals(Optional.of("could not publish events"), result.reason());
    }

    @Test
    void aSendCompletesWhenItsSummaryIsDoneAndASummaryThatCannotBeReadIsRetried() {
        SendSummary done = SendSummary.of("r-1", true, Map.of(), List.of(Optional.of(DeliveryOutcome.SENT)));
        SendSummary pending = SendSummary.of("r-2", true, Map.of(), List.of(Optional.empty()));
        ChangeRecord first = new ChangeRecord("g1", "000001", T0, List.of(new StreamChange.SendProgressed("r-1")));
        ChangeRecord second = new ChangeRecord("g2", "000002", T0, List.of(new StreamChange.SendProgressed("r-2")));
        RecordingBus bus = new RecordingBus();
        EventRelay.Result result = new EventRelay(bus, request -> Optional.of(request.equals("r-1") ? done : pending))
                .relay(List.of(first, second));
        assertEquals(Optional.empty(), result.retryFrom());
        assertEquals(List.of(EventType.SEND_COMPLETED), bus.taken.stream().map(RegistryEvent::type).toList());

        RecordingBus another = new RecordingBus();
        EventRelay.Result unreadable = new EventRelay(another, request -> {
            if (request.equals("r-2")) {
                throw new TransientFailure.Throttled(null);
            }
            return Optional.of(done);
        }).relay(List.of(first, second));
        assertEquals(Optional.of("000002"), unreadable.retryFrom(), "published what came before, then stopped");
        assertEquals(1, another.taken.size());
    }
}
