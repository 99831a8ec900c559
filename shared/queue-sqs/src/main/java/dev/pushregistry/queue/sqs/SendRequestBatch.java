package dev.pushregistry.queue.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.core.sending.Dispatcher;
import dev.pushregistry.core.sending.MessageOutcome;
import dev.pushregistry.core.sending.SendRequest;
import dev.pushregistry.json.Json;
import dev.pushregistry.messages.SendRequestFormat;
import dev.pushregistry.telemetry.Metrics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the dispatch function does with one SQS batch of send requests: a request that is not valid
 * is dead-lettered with the reason before anything is written; a valid one is dispatched; trouble
 * with the table or the queues is retried with back-off. A request without {@code request_id} gets
 * its queue message's id, which stays the same when SQS redelivers it.
 *
 * <p>Its metrics, written when the batch is done, with the consumed queue's name as dimension
 * {@code Queue}: {@code SendRequests} (dispatched now, not repeats), {@code People} (the people they
 * name) and {@code DeliveriesPlanned}, beside {@link QueueBatch}'s.
 */
public final class SendRequestBatch implements QueueFunction.Batch {
    private static final Logger LOG = LoggerFactory.getLogger(SendRequestBatch.class);

    private final Apps apps;
    private final Dispatcher dispatcher;
    private final QueueBatch queue;
    private final Metrics metrics;

    /**
     * @param apps the apps a request may name
     * @param metrics where the batch's requests are counted ({@code queue}'s too), written at its end
     */
    public SendRequestBatch(Apps apps, Dispatcher dispatcher, QueueBatch queue, Metrics metrics) {
        this.apps = Objects.requireNonNull(apps, "apps");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public SQSBatchResponse process(SQSEvent event, Instant now) {
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        Map<String, MessageOutcome> outcomes = new HashMap<>();
        try {
            for (SQSEvent.SQSMessage message : messages) {
                outcomes.put(message.getMessageId(), dispatch(message, now));
            }
            return queue.complete(messages, outcomes, now);
        } finally {
            metrics.flush();
        }
    }

    /**
     * When the queue took the request ({@code SentTimestamp}, the same on every delivery of the
     * message), to the second; {@code now} when the event does not say.
     */
    private static Instant acceptedAt(SQSEvent.SQSMessage message, Instant now) {
        String sent = message.getAttributes() == null ? null : message.getAttributes().get("SentTimestamp");
        try {
            return sent == null ? now : Instant.ofEpochMilli(Long.parseLong(sent)).truncatedTo(ChronoUnit.SECONDS);
        } catch (NumberFormatException unreadable) {
            return now;
        }
    }

    private MessageOutcome dispatch(SQSEvent.SQSMessage message, Instant now) {
        SendRequest request;
        try {
            request = SendRequestFormat.parse(Json.parseObject(String.valueOf(message.getBody())), apps,
                    message::getMessageId).acceptedAt(acceptedAt(message, now));
        } catch (RegistryException invalid) {
            String field = invalid.field() == null ? "" : " (" + invalid.field() + ")";
            return MessageOutcome.deadLetter(invalid.code().wire() + field + ": " + invalid.getMessage());
        }
        try {
            Dispatcher.DispatchResult result = dispatcher.dispatch(request, now);
            LOG.atInfo().addKeyValue("send_request_id", request.requestId()).addKeyValue("repeated", result.repeated())
                    .addKeyValue("planned", result.planned()).addKeyValue("queued", result.queued())
                    .log("send request {}: {}", request.requestId(), result.repeated()
                            ? "dispatched before, nothing to do"
                            : result.planned() + " deliveries planned, " + result.queued() + " queued");
            if (!result.repeated()) {
                metrics.count("SendRequests", 1, queue.queueDimension());
                metrics.count("People", request.personIds().size(), queue.queueDimension());
                metrics.count("DeliveriesPlanned", result.planned(), queue.queueDimension());
            }
            return MessageOutcome.done();
        } catch (RegistryException | TransientFailure trouble) {
            return MessageOutcome.retry(trouble.getClass().getSimpleName() + ": " + trouble.getMessage());
        }
    }
}
