package dev.pushregistry.functions.lifecycle;

import com.amazonaws.services.lambda.runtime.Context;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.aws.SnapStartFunction;
import dev.pushregistry.core.lifecycle.EventRelay;
import dev.pushregistry.lifecycle.eventbridge.EventBridgeWiring;
import dev.pushregistry.store.dynamodb.TableWiring;
import dev.pushregistry.telemetry.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Publishes the registry's lifecycle events, read from what its table records on its stream, on
 * EventBridge: one batch of stream records in, their events out in order, and the record to read
 * again from when the bus did not take them all ({@code ReportBatchItemFailures}).
 */
public final class LifecycleHandler extends SnapStartFunction {
    private final StreamBatch batch;

    /**
     * Lambda's entry point: the function wired from its environment, once per container, with its
     * SnapStart hooks (primed with {@code events/lifecycle.json}).
     */
    public LifecycleHandler() {
        this(partsFrom(new Settings(System.getenv())));
        useSnapshotHooks(SnapStart.of(settings -> new LifecycleHandler(partsFrom(settings)), "lifecycle.json"));
    }

    /** @param batch what the function does with each batch of stream records */
    public LifecycleHandler(StreamBatch batch) {
        this.batch = Objects.requireNonNull(batch, "batch");
    }

    /** The function's parts, from the given environment variables: the table's stream and the bus. */
    public static StreamBatch partsFrom(Settings settings) {
        TableWiring table = TableWiring.from(settings);
        return new StreamBatch(table.streamImages(),
                new EventRelay(EventBridgeWiring.publisher(settings), table.relayStore()), Metrics.from(settings));
    }

    @Override
    protected void handle(InputStream input, OutputStream output, Context context) throws IOException {
        StreamEvents.write(batch.process(StreamEvents.read(input)), output);
    }
}
