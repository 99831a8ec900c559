package dev.pushregistry.functions.dispatch;

import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.queue.QueueFunction;
import dev.pushregistry.queue.QueueWiring;
import dev.pushregistry.queue.SendRequestBatch;
import dev.pushregistry.store.TableWiring;
import java.time.Clock;

/**
 * Turns send requests from the send-request queue into one delivery per eligible device on the
 * APNs and FCM queues.
 */
public final class DispatchHandler extends QueueFunction {
    /**
     * Wires the stores and queues from the function's environment, once per container, with
     * its SnapStart hooks (primed with {@code events/dispatch.json}).
     */
    public DispatchHandler() {
        this(new Settings(System.getenv()), Clock.systemUTC());
        useSnapshotHooks(SnapStart.of(settings -> new DispatchHandler(settings, Clock.systemUTC()), "dispatch.json"));
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public DispatchHandler(Settings settings, Clock clock) {
        this(wire(settings), clock);
    }

    public DispatchHandler(SendRequestBatch batch, Clock clock) {
        super(batch, clock, () -> { });
    }

    private static SendRequestBatch wire(Settings settings) {
        TableWiring table = TableWiring.from(settings);
        return QueueWiring.from(settings).dispatchBatch(table.registryStore(), table.sendStore());
    }
}
