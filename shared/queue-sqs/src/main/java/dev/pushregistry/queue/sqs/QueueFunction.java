package dev.pushregistry.queue.sqs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pushregistry.aws.SnapStartFunction;
import dev.pushregistry.core.time.TimeLeft;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * A queue consumer's Lambda handler: Lambda hands it each batch's bytes, read by {@link QueueEvents};
 * the batch goes to the function's {@link Batch}, which answers with the messages to keep
 * ({@code ReportBatchItemFailures}). Closing it releases what the function
 * wired (a push client, say), for a JVM that hosts functions and stops them; Lambda never does.
 */
public abstract class QueueFunction extends SnapStartFunction implements AutoCloseable {
    private final Batch batch;
    private final Clock clock;
    private final Runnable release;

    /** What a queue consumer works with: its batch, its clock, what closing it releases. */
    protected QueueFunction(Parts parts) {
        this.batch = parts.batch();
        this.clock = parts.clock();
        this.release = parts.release();
    }

    @Override
    protected final void handle(InputStream input, OutputStream output, Context context) throws IOException {
        QueueEvents.write(batch.process(QueueEvents.read(input), clock.instant(),
                context == null ? TimeLeft.UNLIMITED : context::getRemainingTimeInMillis), output);
    }

    @Override
    public final void close() {
        release.run();
    }

    /**
     * A queue consumer's parts.
     *
     * @param batch what it does with each batch
     * @param clock the time each batch is handled at
     * @param release what closing the function releases (a push client, say)
     */
    public record Parts(Batch batch, Clock clock, Runnable release) {
        public Parts {
            Objects.requireNonNull(batch, "batch");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(release, "release");
        }

        /** Parts whose closing releases nothing. */
        public static Parts of(Batch batch, Clock clock) {
            return new Parts(batch, clock, () -> { });
        }
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
