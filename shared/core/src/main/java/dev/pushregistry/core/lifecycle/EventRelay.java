package dev.pushregistry.core.lifecycle;

import dev.pushregistry.core.device.DeletionReason;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.core.time.Timestamps;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Publishes the events of a batch of the table's stream, in the stream's order, and says where to
 * start again when the bus did not take them all: the stream is read again from the first record
 * whose events were not all accepted (the records before it are done), so every event is published
 * at least once, and a record read again gives the same event ids. A failure to publish never
 * touches the registry: its writes happened before the stream carried them.
 */
public final class EventRelay {
    private final EventPublisher publisher;
    private final RelayStore store;

    /**
     * @param publisher where the events go
     * @param store why deleted devices went, send summaries (read when a request may have become
     *     {@code done}) and the claims that let one record announce a request
     */
    public EventRelay(EventPublisher publisher, RelayStore store) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * What became of a batch.
     *
     * @param published how many events of each type the bus accepted
     * @param retryFrom the sequence number of the first record whose events must be published again;
     *     empty when every record is done
     * @param reason why publishing stopped, when it did
     */
    public record Result(Map<EventType, Integer> published, Optional<String> retryFrom, Optional<String> reason) {
        public Result {
            published = Map.copyOf(published);
        }

        /** How many events the bus accepted in all. */
        public int total() {
            return published.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Publishes the events of {@code records}, in order, until the bus refuses one. */
    public Result relay(List<ChangeRecord> records) {
        List<Pending> pending = new ArrayList<>();
        for (int index = 0; index < records.size(); index++) {
            ChangeRecord record = records.get(index);
            List<RegistryEvent> events;
            try {
                events = eventsOf(record);
            } catch (TransientFailure failure) {
                Result published = publish(pending, records);
                return published.retryFrom().isPresent() ? published
                        : new Result(published.published(), Optional.of(record.sequence()),
                                Optional.of(failure.getMessage()));
            }
            for (RegistryEvent event : events) {
                pending.add(new Pending(event, index));
            }
        }
        return publish(pending, records);
    }

    private List<RegistryEvent> eventsOf(ChangeRecord record) {
        List<RegistryEvent> events = new ArrayList<>();
        for (StreamChange change : record.changes()) {
            if (change instanceof StreamChange.SendProgressed progressed) {
                Optional<RegistryEvent> completed = store.summary(progressed.requestId())
                        .flatMap(summary -> EventRules.sendCompleted(summary, record.approximateAt()));
                if (completed.isPresent() && store.claim(progressed.requestId(), record.recordId())) {
                    events.add(completed.get());
                }
            } else if (change instanceof StreamChange.DeviceRemoved removed) {
                events.addAll(EventRules.eventsOf(record, deleted(removed.before())));
            } else {
                events.addAll(EventRules.eventsOf(record, change));
            }
        }
        return events;
    }

    /** A removed device with the reason its delete noted; without a note, something else removed it. */
    private StreamChange.DeviceDeleted deleted(Device before) {
        Optional<RelayStore.DeletionNote> note = store.deletion(before.address(), before.registrationVersion());
        return new StreamChange.DeviceDeleted(before.address(), before.personId(),
                note.map(RelayStore.DeletionNote::reason).orElse(DeletionReason.REMOVED),
                note.map(RelayStore.DeletionNote::at).orElse(Timestamps.truncate(Timestamps.ofMicros(
                        before.registrationVersion()))),
                note.flatMap(RelayStore.DeletionNote::replacedBy), before.liveActivities().activities().values());
    }

    private Result publish(List<Pending> pending, List<ChangeRecord> records) {
        Map<EventType, Integer> published = new EnumMap<>(EventType.class);
        for (int start = 0; start < pending.size(); start += EventPublisher.MAX_BATCH) {
            List<Pending> chunk = pending.subList(start, Math.min(pending.size(), start + EventPublisher.MAX_BATCH));
            List<Boolean> accepted;
            String reason = "the bus refused an event";
            try {
                accepted = publisher.publish(chunk.stream().map(Pending::event).toList());
            } catch (TransientFailure failure) {
                accepted = chunk.stream().map(event -> false).toList();
                reason = failure.getMessage();
            }
            for (int index = 0; index < chunk.size(); index++) {
                if (!accepted.get(index)) {
                    return new Result(published, Optional.of(records.get(chunk.get(index).record()).sequence()),
                            Optional.of(reason));
                }
                published.merge(chunk.get(index).event().type(), 1, Integer::sum);
            }
        }
        return new Result(published, Optional.empty(), Optional.empty());
    }

    /** An event and the index of the record it came from. */
    private record Pending(RegistryEvent event, int record) {
    }
}
