package dev.pushregistry.functions.dispatch;

import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.core.sending.Dispatcher;
import dev.pushregistry.queue.sqs.QueueFunction;
import dev.pushregistry.queue.sqs.QueueWiring;
import dev.pushregistry.store.dynamodb.TableWiring;
import java.time.Clock;

/**
 * Turns send requests from the send-request queue into one delivery per eligible device on the
 * APNs and FCM queues.
 */
public final class DispatchHandler extends QueueFunction {
    /**
     * Lambda's entry point: the function wired from its environment, once per container, with its
     * SnapStart hooks (primed with {@code events/dispatch.json}).
     */
    public DispatchHandler() {
        this(partsFrom(new Settings(System.getenv()), Clock.systemUTC()));
        useSnapshotHooks(SnapStart.of(settings -> new DispatchHandler(partsFrom(settings, Clock.systemUTC())),
                "dispatch.json"));
    }

    public DispatchHandler(Parts parts) {
        super(parts);
    }

    /** The function's parts, from the given environment variables (one function of several in a JVM, say). */
    public static Parts partsFrom(Settings settings, Clock clock) {
        TableWiring table = TableWiring.from(settings);
        QueueWiring queues = QueueWiring.from(settings);
        return Parts.of(queues.dispatchBatch(new Dispatcher(table.registryStore(), table.sendStore(),
                queues.deliveryQueues())), clock);
    }
}
