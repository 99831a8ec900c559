package dev.pushregistry.functions.lifecycle;

import dev.pushregistry.core.lifecycle.ChangeRecord;
import dev.pushregistry.core.lifecycle.EventRelay;
import dev.pushregistry.core.lifecycle.StreamChange;
import dev.pushregistry.store.dynamodb.StreamImages;
import dev.pushregistry.telemetry.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of the table's stream: each record read as changes ({@link StreamImages}), their
 * events published in order ({@link EventRelay}), and the sequence number to read the shard again
 * from when the bus did not take them all. A record that cannot be read as the registry writes its
 * items (written by something else) is logged and passed over: reading it again would not help.
 */
public final class StreamBatch {
    private static final Logger LOG = LoggerFactory.getLogger(StreamBatch.class);
    /** The dimension of the stream's own metrics: there is one stream, the registry table's. */
    private static final Metrics.Dimension STREAM = Metrics.dimension("Stream", "RegistryTable");

    private final StreamImages stream;
    private final EventRelay relay;
    private final Metrics metrics;

    public StreamBatch(StreamImages stream, EventRelay relay, Metrics metrics) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.relay = Objects.requireNonNull(relay, "relay");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Publishes the batch's events; the sequence number to start again from, if not all went. */
    public Optional<String> process(List<StreamEvents.StreamRecord> records) {
        List<ChangeRecord> changes = new ArrayList<>(records.size());
        int unreadable = 0;
        for (StreamEvents.StreamRecord record : records) {
            List<StreamChange> meaning;
            try {
                meaning = stream.changes(record.kind(), record.keys(), record.oldImage(), record.newImage(),
                        record.byTimeToLive(), record.approximateAt());
            } catch (RuntimeException unexpected) {
                unreadable++;
                LOG.atError().addKeyValue("sequence", record.sequence()).setCause(unexpected)
                        .log("a stream record is not an item the registry writes; passed over");
                meaning = List.of();
            }
            changes.add(new ChangeRecord(record.eventId(), record.sequence(), record.approximateAt(), meaning));
        }
        EventRelay.Result result = relay.relay(changes);
        result.published().forEach((type, count) ->
                metrics.count("EventsPublished", count, Metrics.dimension("Type", type.wire())));
        if (unreadable > 0) {
            metrics.count("StreamRecordsUnreadable", unreadable, STREAM);
        }
        if (result.retryFrom().isPresent()) {
            metrics.count("EventBatchesRetried", 1, STREAM);
            LOG.atWarn().addKeyValue("records", records.size()).addKeyValue("published", result.total())
                    .addKeyValue("retry_from", result.retryFrom().get())
                    .log("events not all published, the stream is read again from the first left: {}",
                            result.reason().orElse(""));
        } else {
            LOG.atInfo().addKeyValue("records", records.size()).addKeyValue("published", result.total())
                    .log("stream batch published");
        }
        metrics.flush();
        return result.retryFrom();
    }
}
