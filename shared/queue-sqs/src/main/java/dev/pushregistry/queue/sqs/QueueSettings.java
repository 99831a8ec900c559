package dev.pushregistry.queue.sqs;

import java.time.Duration;
import java.util.Objects;

/**
 * How a function treats the messages of the queue it consumes.
 *
 * @param queueUrl the queue the messages come from (for back-off)
 * @param deadLetterQueueUrl where a message goes, with its reason, when it cannot succeed
 * @param maxAttempts how many receives a message gets before it is dead-lettered
 * @param firstBackoff the pause before the second attempt; each later pause doubles, up to 15 minutes
 */
public record QueueSettings(String queueUrl, String deadLetterQueueUrl, int maxAttempts, Duration firstBackoff) {
    /** SQS allows a message to stay invisible for at most 12 hours; we stop doubling at 15 minutes. */
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

    public QueueSettings {
        Objects.requireNonNull(queueUrl, "queueUrl");
        Objects.requireNonNull(deadLetterQueueUrl, "deadLetterQueueUrl");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(firstBackoff, "firstBackoff");
    }

    /** The pause before attempt {@code attempt + 1}, after {@code attempt} attempts. */
    public Duration backoffAfter(int attempt) {
        long seconds = firstBackoff.getSeconds() << Math.min(20, Math.max(0, attempt - 1));
        return seconds > MAX_BACKOFF.getSeconds() ? MAX_BACKOFF : Duration.ofSeconds(seconds);
    }
}
