package dev.pushregistry.queue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pushregistry.aws.SnapStartFunction;
import dev.pushregistry.logging.Invocation;
import dev.pushregistry.time.TimeLeft;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * A queue consumer's Lambda handler: Lambda hands it each batch's bytes, read by {@link QueueEvents};
 * the batch goes to the function's {@link Batch}, which answers with the messages to keep
 * ({@code ReportBatchItemFailures}). Every line logged meanwhile carries Lambda's request id
 * ({@link Invocation}). Closing it releases what the function
 * wired (a push client, say), for a JVM that hosts functions and stops them; Lambda never does.
 */
public abstract class QueueFunction extends SnapStartFunction implements AutoCloseable {
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
    public final void handleRequest(InputStream input, OutputStream output,
                                    Context context) throws IOException {
        Invocation.begin(context == null ? null : context.getAwsRequestId(),
                context == null ? null : context.getFunctionName());
        try {
            QueueEvents.write(batch.process(QueueEvents.read(input), clock.instant(),
                    context == null ? TimeLeft.UNLIMITED : context::getRemainingTimeInMillis), output);
        } finally {
            Invocation.end();
        }
    }

    @Override
    public final void close() {
        release.run();
    }

    /** What a function does with one batch of the queue it consumes. */
    @FunctionalInterface
    public interface Batch {
        /** The batch's answer, its work done without a time limit. */
        SQSBatchResponse process(SQSEvent event, Instant now);

        /**
         * The batch's answer in an invocation that has {@code timeLeft}: a batch whose work must end
         * before Lambda stops the invocation looks at it; by default it is not looked at.
         */
        default SQSBatchResponse process(SQSEvent event, Instant now, TimeLeft timeLeft) {
            return process(event, now);
        }
    }
}
