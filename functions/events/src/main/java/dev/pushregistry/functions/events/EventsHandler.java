package dev.pushregistry.functions.events;

import com.amazonaws.services.lambda.runtime.Context;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.aws.SnapStartFunction;
import dev.pushregistry.eventbus.EventsWiring;
import dev.pushregistry.eventbus.StreamBatch;
import dev.pushregistry.eventbus.StreamEvents;
import dev.pushregistry.logging.Invocation;
import dev.pushregistry.store.TableWiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Publishes what the registry's table records on its stream as events on EventBridge: one batch of
 * stream records in, their events out in order, and the record to read again from when the bus did
 * not take them all ({@code ReportBatchItemFailures}).
 */
public final class EventsHandler extends SnapStartFunction {
    private final StreamBatch batch;

    /**
     * Wires the bus and the table from the function's environment, once per container, with its
     * SnapStart hooks (primed with {@code events/events.json}).
     */
    public EventsHandler() {
        this(new Settings(System.getenv()));
        useSnapshotHooks(SnapStart.of(EventsHandler::new, "events.json"));
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public EventsHandler(Settings settings) {
        this(wire(settings));
    }

    public EventsHandler(StreamBatch batch) {
        this.batch = Objects.requireNonNull(batch, "batch");
    }

    private static StreamBatch wire(Settings settings) {
        TableWiring table = TableWiring.from(settings);
        return EventsWiring.from(settings).streamBatch(table.streamImages(), table.relayStore());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Invocation.begin(context == null ? null : context.getAwsRequestId(),
                context == null ? null : context.getFunctionName());
        try {
            StreamEvents.write(batch.process(StreamEvents.read(input)), output);
        } finally {
            Invocation.end();
        }
    }
}
