package dev.pushregistry.functions.dispatch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pushregistry.aws.RegistryEnvironment;
import dev.pushregistry.queue.SendRequestBatch;
import java.time.Clock;

/**
 * Turns send requests from the send-request queue into one delivery per eligible device on the
 * APNs and FCM queues.
 */
public final class DispatchHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final SendRequestBatch batch;
    private final Clock clock;

    /** Wires the stores and queues from the function's environment, once per container. */
    public DispatchHandler() {
        this(RegistryEnvironment.fromSystem(), Clock.systemUTC());
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public DispatchHandler(RegistryEnvironment environment, Clock clock) {
        this(wire(environment), clock);
    }

    public DispatchHandler(SendRequestBatch batch, Clock clock) {
        this.batch = batch;
        this.clock = clock;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, clock.instant());
    }

    private static SendRequestBatch wire(RegistryEnvironment environment) {
        return new SendRequestBatch(environment.dispatcher(), environment.queueBatch());
    }
}
