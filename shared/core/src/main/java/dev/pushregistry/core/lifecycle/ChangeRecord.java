package dev.pushregistry.core.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One record of the table's stream: one item's write, and what it meant.
 *
 * @param recordId the stream's id of the record, the same each time it is read
 * @param sequence the stream's sequence number (growing for each item), by which a batch is
 *     checkpointed and a device's events are ordered
 * @param approximateAt when the write was made, as the stream says (to the second)
 * @param changes what the write meant; empty for a write no event is about
 */
public record ChangeRecord(String recordId, String sequence, Instant approximateAt, List<StreamChange> changes) {
    public ChangeRecord {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(sequence, "sequence");
        Objects.requireNonNull(approximateAt, "approximateAt");
        changes = List.copyOf(changes);
    }
}
