package dev.pushregistry.queue.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.sending.BatchReport;
import dev.pushregistry.core.sending.BatchSending;
import dev.pushregistry.core.sending.DeliveryOutcome;
import dev.pushregistry.core.sending.DeliverySender;
import dev.pushregistry.core.sending.MessageOutcome;
import dev.pushregistry.core.sending.QueuedGroup;
import dev.pushregistry.core.time.TimeLeft;
import dev.pushregistry.telemetry.Metrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a sender function does with one SQS batch: read each delivery group (an unreadable one, or
 * one for another push service, is dead-lettered with the reason), send the rest together, record
 * {@code failed} for those whose retry budget is spent, and finish the batch with partial failures.
 *
 * <p>Its metrics, written when the batch is done, with the provider as dimension {@code Provider}:
 * {@code Pushes} per {@code Outcome} (a delivery outcome's wire name: {@code sent}, {@code bounced},
 * {@code suppressed}, {@code deleted}, the {@code skipped_…} reasons, {@code failed}),
 * {@code ConfigurationErrors} (pushes refused for our credentials or request),
 * {@code PushesUnavailable} (the push service down, throttling or silent: tried again later),
 * {@code PushesDeferred} (not pushed because the invocation's time ran short: tried again later) and
 * {@code PushLatency} (milliseconds from request to answer), beside {@link QueueBatch}'s.
 */
public final class DeliveryBatch implements QueueFunction.Batch {
    private final Provider provider;
    private final String defaultAppId;
    private final DeliverySender sender;
    private final QueueBatch queue;
    private final Metrics metrics;
    private final Metrics.Dimension providerName;

    /**
     * @param provider the push service whose deliveries this function sends
     * @param defaultAppId the app of a group whose message names none
     * @param metrics where the batch's pushes are counted ({@code queue}'s too), written at its end
     */
    public DeliveryBatch(Provider provider, String defaultAppId, DeliverySender sender, QueueBatch queue,
                         Metrics metrics) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.defaultAppId = Objects.requireNonNull(defaultAppId, "defaultAppId");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.providerName = Metrics.dimension("Provider", provider.wire());
    }

    @Override
    public SQSBatchResponse process(SQSEvent event, Instant now) {
        return process(event, now, TimeLeft.UNLIMITED);
    }

    /** Pushes only while the invocation has time to record what it pushed ({@link DeliverySender#start}). */
    @Override
    public SQSBatchResponse process(SQSEvent event, Instant now, TimeLeft timeLeft) {
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        Map<String, MessageOutcome> outcomes = new HashMap<>();
        List<QueuedGroup> deliveries = new ArrayList<>();
        DeliveryMessages.Reader reader = new DeliveryMessages.Reader(defaultAppId);
        // each group starts on its way as soon as it is read, while the next messages are read
        BatchSending sending = sender.start(now, timeLeft);
        for (SQSEvent.SQSMessage message : messages) {
            try {
                QueuedGroup queued = reader.read(message.getMessageId(), message.getBody(), queue.isFinalAttempt(message));
                Provider carried = queued.group().provider();
                if (carried != provider) {
                    outcomes.put(message.getMessageId(), MessageOutcome.deadLetter(
                            "a " + carried.wire() + " delivery group on the " + provider.wire() + " queue"));
                } else {
                    deliveries.add(queued);
                    sending.add(queued);
                }
            } catch (RegistryException unreadable) {
                outcomes.put(message.getMessageId(), MessageOutcome.deadLetter(
                        unreadable.code().wire() + ": " + unreadable.getMessage()));
            }
        }
        try {
            if (!deliveries.isEmpty()) {
                outcomes.putAll(sending.finish());
                count(sending.report());
                giveUpOnLastAttempts(deliveries, outcomes, now);
            }
            return queue.complete(messages, outcomes, now, DeliveryMessages::writeFollowUp);
        } finally {
            metrics.flush();
        }
    }

    private void count(BatchReport report) {
        report.outcomes().forEach((outcome, count) -> metrics.count("Pushes", count, providerName,
                Metrics.dimension("Outcome", outcome.wire())));
        metrics.count("ConfigurationErrors", report.configurationErrors(), providerName);
        report.configurationErrorsByApp().forEach((app, errors) -> metrics.count("ConfigurationErrors", errors,
                providerName, Metrics.dimension("App", app)));
        metrics.count("PushesUnavailable", report.unavailable(), providerName);
        metrics.count("PushesDeferred", report.deferred(), providerName);
        metrics.milliseconds("PushLatency", report.latenciesMillis(), providerName);
    }

    /**
     * Reads the batch's group messages and {@linkplain DeliverySender#rehearse rehearses} each: no
     * claim, no record, no queue call. What a sender's primed copy does with its sample event.
     *
     * @return an answer that keeps no message
     */
    public SQSBatchResponse rehearse(SQSEvent event, Instant now) {
        DeliveryMessages.Reader reader = new DeliveryMessages.Reader(defaultAppId);
        for (SQSEvent.SQSMessage message : event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
            sender.rehearse(reader.read(message.getMessageId(), message.getBody(), false), now);
        }
        return SQSBatchResponse.builder().withBatchItemFailures(List.of()).build();
    }

    /** A group on its last attempt that would be retried fails now, with its outcomes on record. */
    private void giveUpOnLastAttempts(List<QueuedGroup> deliveries, Map<String, MessageOutcome> outcomes, Instant now) {
        for (QueuedGroup queued : deliveries) {
            MessageOutcome outcome = outcomes.getOrDefault(queued.messageId(), MessageOutcome.retry("no outcome"));
            MessageOutcome concluded = outcome.onAttempt(queued.finalAttempt());
            if (concluded != outcome) {
                int failed = sender.giveUp(queued, concluded.reason(), now);
                metrics.count("Pushes", failed, providerName, Metrics.dimension("Outcome", DeliveryOutcome.FAILED.wire()));
                outcomes.put(queued.messageId(), concluded);
            }
        }
    }
}
