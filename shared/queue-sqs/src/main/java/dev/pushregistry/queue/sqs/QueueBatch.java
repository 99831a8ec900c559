package dev.pushregistry.queue.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pushregistry.core.sending.MessageOutcome;
import dev.pushregistry.core.time.Timestamps;
import dev.pushregistry.telemetry.Metrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Finishes a batch from an SQS event source the way the function decided, message by message
 * ({@code ReportBatchItemFailures}): done messages are left for Lambda to delete, retried ones are
 * reported as failures after their visibility is pushed out by an exponential back-off, and dead
 * letters are moved to the dead-letter queue with their reason, then deleted like done ones.
 *
 * <p>A message on its last allowed attempt that would be retried is dead-lettered instead. The
 * queue's own redrive policy stays as the net for functions that crash or time out.
 *
 * <p>Metrics, with the consumed queue's name as dimension {@code Queue}: {@code MessagesRetried}
 * (kept for another attempt), {@code MessagesHandedOver} (a follow-up queued in their place) and
 * {@code DeadLetters}.
 */
public final class QueueBatch {
    /** Message attributes a dead letter carries. */
    public static final String REASON_ATTRIBUTE = "reason";
    public static final String ATTEMPTS_ATTRIBUTE = "attempts";
    public static final String SOURCE_MESSAGE_ATTRIBUTE = "source_message_id";
    public static final String FAILED_AT_ATTRIBUTE = "failed_at";
    /** SQS's longest message delay. */
    private static final long MAX_DELAY_SECONDS = 900;

    private static final Logger LOG = LoggerFactory.getLogger(QueueBatch.class);
    private static final int MAX_REASON_LENGTH = 1000;

    private final Supplier<SqsClient> sqs;
    private final QueueSettings settings;
    private final Metrics metrics;
    private final Metrics.Dimension queueName;

    public QueueBatch(SqsClient sqs, QueueSettings settings, Metrics metrics) {
        this(built(sqs), settings, metrics);
    }

    /**
     * @param sqs the client, asked for only when a message must be delayed, handed over or dead-lettered
     * @param metrics where the messages' fates are counted
     */
    public QueueBatch(Supplier<SqsClient> sqs, QueueSettings settings, Metrics metrics) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        String url = settings.queueUrl();
        this.queueName = Metrics.dimension("Queue", url.substring(url.lastIndexOf('/') + 1));
    }

    private static Supplier<SqsClient> built(SqsClient sqs) {
        Objects.requireNonNull(sqs, "sqs");
        return () -> sqs;
    }

    /** The consumed queue as a metric's dimension ({@code Queue}: its name). */
    Metrics.Dimension queueDimension() {
        return queueName;
    }

    /** How many times SQS has handed out this message, this time included. */
    public static int attempt(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes();
        String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count));
        } catch (NumberFormatException unreadable) {
            return 1;
        }
    }

    /** Whether the retry budget ends with this attempt. */
    public boolean isFinalAttempt(SQSEvent.SQSMessage message) {
        return attempt(message) >= settings.maxAttempts();
    }

    /**
     * Acts on each message's outcome and answers Lambda with the messages to keep.
     *
     * @param outcomes by message id; a message without one is retried
     */
    public SQSBatchResponse complete(List<SQSEvent.SQSMessage> messages, Map<String, MessageOutcome> outcomes,
                                     Instant now) {
        return complete(messages, outcomes, now, followUp -> {
            throw new IllegalStateException("the messages of " + settings.queueUrl() + " are never handed over");
        });
    }

    /**
     * Acts on each message's outcome and answers Lambda with the messages to keep; a hand-over's
     * follow-up goes on the queue as {@code followUpBody} writes it (the queue's own message format).
     *
     * @param outcomes by message id; a message without one is retried
     */
    public SQSBatchResponse complete(List<SQSEvent.SQSMessage> messages, Map<String, MessageOutcome> outcomes,
                                     Instant now, Function<MessageOutcome.FollowUp, String> followUpBody) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : messages) {
            MessageOutcome outcome = outcomes.getOrDefault(message.getMessageId(),
                    MessageOutcome.retry("the function gave no outcome for the message")).onAttempt(isFinalAttempt(message));
            boolean keep = switch (outcome.disposition()) {
                case DONE -> false;
                case RETRY -> {
                    backOff(message);
                    metrics.count("MessagesRetried", 1, queueName);
                    yield true;
                }
                case HAND_OVER -> {
                    if (handOver(message, followUpBody.apply(outcome.followUp()), outcome.reason())) {
                        metrics.count("MessagesHandedOver", 1, queueName);
                        yield false;
                    }
                    backOff(message);
                    metrics.count("MessagesRetried", 1, queueName);
                    yield true;
                }
                case DEAD_LETTER -> {
                    if (deadLetter(message, outcome.reason(), now)) {
                        metrics.count("DeadLetters", 1, queueName);
                        yield false;
                    }
                    metrics.count("MessagesRetried", 1, queueName);
                    yield true;
                }
            };
            if (keep) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(message.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private void backOff(SQSEvent.SQSMessage message) {
        int attempt = attempt(message);
        int seconds = (int) settings.backoffAfter(attempt).getSeconds();
        try {
            sqs.get().changeMessageVisibility(change -> change
                    .queueUrl(settings.queueUrl())
                    .receiptHandle(message.getReceiptHandle())
                    .visibilityTimeout(seconds));
        } catch (SdkException failure) {
            LOG.warn("could not delay message {}; it returns after the queue's visibility timeout", message.getMessageId());
        }
    }

    /** @return whether the follow-up is on the queue, due after this message's back-off */
    private boolean handOver(SQSEvent.SQSMessage message, String followUpBody, String reason) {
        int delay = (int) Math.min(MAX_DELAY_SECONDS, settings.backoffAfter(attempt(message)).getSeconds());
        try {
            sqs.get().sendMessage(send -> send.queueUrl(settings.queueUrl()).messageBody(followUpBody)
                    .delaySeconds(delay));
            LOG.atDebug().addKeyValue("message_id", message.getMessageId())
                    .log("message handed over to a follow-up: {}", reason);
            return true;
        } catch (SdkException failure) {
            LOG.warn("could not queue the follow-up of message {}; the message is retried", message.getMessageId());
            return false;
        }
    }

    /** @return whether the message is now in the dead-letter queue */
    private boolean deadLetter(SQSEvent.SQSMessage message, String reason, Instant now) {
        String shortReason = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
        try {
            sqs.get().sendMessage(send -> send
                    .queueUrl(settings.deadLetterQueueUrl())
                    .messageBody(message.getBody())
                    .messageAttributes(Map.of(
                            REASON_ATTRIBUTE, text(shortReason),
                            ATTEMPTS_ATTRIBUTE, text(Integer.toString(attempt(message))),
                            SOURCE_MESSAGE_ATTRIBUTE, text(message.getMessageId()),
                            FAILED_AT_ATTRIBUTE, text(Timestamps.format(now)))));
            LOG.atWarn().addKeyValue("message_id", message.getMessageId()).addKeyValue("attempts", attempt(message))
                    .addKeyValue("queue", queueName.value())
                    .log("message {} dead-lettered after {} attempt(s): {}", message.getMessageId(), attempt(message),
                            shortReason);
            return true;
        } catch (SdkException failure) {
            LOG.error("could not dead-letter message {}; it will be retried", message.getMessageId(), failure);
            return false;
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
