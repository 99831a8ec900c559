package dev.pushregistry.queue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * A queue consumer's Lambda handler: each batch goes to the function's {@link Batch}, which answers
 * with the messages to keep ({@code ReportBatchItemFailures}). Closing it releases what the function
 * wired (a push client, say), for a JVM that hosts functions and stops them; Lambda never does.
 */
public abstract class QueueFunction implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {
    private final Batch batch;
    private final Clock clock;
    private final Runnable release;

    /**
     * @param release what closing the function releases
     */
    protected QueueFunction(Batch batch, Clock clock, Runnable release) {
        this.batch = Objects.requireNonNull(batch, "batch");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.release = Objects.requireNonNull(release, "release");
    }

    @Override
    public final SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, clock.instant());
    }

    @Override
    public final void close() {
        release.run();
    }

    /** What a function does with one batch of the queue it consumes. */
    @FunctionalInterface
    public interface Batch {
        SQSBatchResponse process(SQSEvent event, Instant now);
    }
}
