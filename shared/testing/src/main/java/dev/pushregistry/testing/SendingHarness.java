package dev.pushregistry.testing;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.sending.DeliverySender;
import dev.pushregistry.core.sending.Dispatcher;
import dev.pushregistry.core.sending.PushGateway;
import dev.pushregistry.core.sending.SendService;
import dev.pushregistry.core.sending.SendSummary;
import dev.pushregistry.core.sending.SenderSettings;
import dev.pushregistry.json.Json;
import dev.pushregistry.local.services.lambda.TriggerEvents;
import dev.pushregistry.queue.sqs.DeliveryBatch;
import dev.pushregistry.queue.sqs.QueueBatch;
import dev.pushregistry.queue.sqs.QueueSettings;
import dev.pushregistry.queue.sqs.SendRequestBatch;
import dev.pushregistry.queue.sqs.SqsDeliveryQueue;
import dev.pushregistry.queue.sqs.SqsSendRequestQueue;
import dev.pushregistry.queue.sqs.fixtures.LocalSqs;
import dev.pushregistry.store.dynamodb.DynamoDbSendStore;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.telemetry.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The sending side wired against DynamoDB Local and ElasticMQ, with this test's own table and
 * queues, and an event source that feeds queue batches to handlers the way Lambda's SQS event
 * source mapping does (receive count, partial batch failures, delete of the rest).
 */
public final class SendingHarness {
    /** Attempts before a message is dead-lettered; retries come back at once (no back-off). */
    public static final int MAX_ATTEMPTS = 3;
    /** Messages per batch of a sender's queue trigger, as the template sets it (groups of up to 80 deliveries each). */
    public static final int SENDER_BATCH = 50;

    public final TestRegistry registry;
    public final DynamoDbSendStore sends;
    public final String sendRequests = LocalSqs.server().createQueue("send-requests");
    public final String sendRequestsDlq = LocalSqs.server().createQueue("send-requests-dlq");
    public final String apnsDeliveries = LocalSqs.server().createQueue("apns");
    public final String apnsDlq = LocalSqs.server().createQueue("apns-dlq");
    public final String fcmDeliveries = LocalSqs.server().createQueue("fcm");
    public final String fcmDlq = LocalSqs.server().createQueue("fcm-dlq");

    private SendingHarness(TestRegistry registry) {
        this.registry = registry;
        this.sends = new DynamoDbSendStore(registry.client(), registry.table(), registry.store(), Duration.ofDays(14));
    }

    public static SendingHarness create() {
        return new SendingHarness(TestRegistry.create());
    }

    /** A harness whose table calls go through {@code registry}'s client (one that counts writes, say). */
    public static SendingHarness create(TestRegistry registry) {
        return new SendingHarness(registry);
    }

    public QueueBatch queueBatch(String queue, String deadLetters) {
        return queueBatch(queue, deadLetters, Metrics.discarding());
    }

    public QueueBatch queueBatch(String queue, String deadLetters, Metrics metrics) {
        return new QueueBatch(LocalSqs.server().client(), new QueueSettings(queue, deadLetters, MAX_ATTEMPTS, Duration.ZERO),
                metrics);
    }

    public Dispatcher dispatcher() {
        return new Dispatcher(registry.store(), sends, new SqsDeliveryQueue(LocalSqs.server().client(),
                Map.of(Provider.APNS, apnsDeliveries, Provider.FCM, fcmDeliveries)));
    }

    public SendRequestBatch dispatchBatch() {
        return dispatchBatch(Metrics.discarding());
    }

    /** Dispatch, counting in {@code metrics}. */
    public SendRequestBatch dispatchBatch(Metrics metrics) {
        return new SendRequestBatch(TestRegistry.APPS, dispatcher(), queueBatch(sendRequests, sendRequestsDlq, metrics),
                metrics);
    }

    public SendService sendService() {
        return new SendService(sends, new SqsSendRequestQueue(LocalSqs.server().client(), sendRequests));
    }

    public DeliverySender sender(PushGateway gateway) {
        return new DeliverySender(registry.store(), sends, gateway, SenderSettings.DEFAULTS);
    }

    public DeliveryBatch deliveryBatch(PushGateway gateway) {
        return deliveryBatch(gateway, Metrics.discarding());
    }

    /** A sender through {@code gateway}, counting in {@code metrics}. */
    public DeliveryBatch deliveryBatch(PushGateway gateway, Metrics metrics) {
        String queue = gateway.provider() == Provider.APNS ? apnsDeliveries : fcmDeliveries;
        String dlq = gateway.provider() == Provider.APNS ? apnsDlq : fcmDlq;
        return new DeliveryBatch(gateway.provider(), TestRegistry.APP, sender(gateway), queueBatch(queue, dlq, metrics),
                metrics);
    }

    /** Puts a send request (JSON) on the send-request queue. */
    public void submit(String json) {
        LocalSqs.server().client().sendMessage(send -> send.queueUrl(sendRequests).messageBody(json));
    }

    /** Puts a raw message on a queue. */
    public void put(String queue, String body) {
        LocalSqs.server().client().sendMessage(send -> send.queueUrl(queue).messageBody(body));
    }

    /**
     * Feeds one batch (up to 10 messages) of {@code queue} to {@code handler} as Lambda would, and
     * deletes the messages the handler did not report as failed.
     *
     * @return the messages handed over (empty when the queue had none ready)
     */
    public List<Message> runOnce(String queue, Function<SQSEvent, SQSBatchResponse> handler) {
        return runOnce(queue, handler, 0);
    }

    /**
     * Like {@link #runOnce(String, Function)}, waiting up to {@code waitSeconds} for a message when
     * the queue has none ready (SQS long polling: it answers as soon as one arrives).
     */
    public List<Message> runOnce(String queue, Function<SQSEvent, SQSBatchResponse> handler, int waitSeconds) {
        List<Message> messages = LocalSqs.server().client().receiveMessage(receive -> receive
                .queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
        if (messages.isEmpty()) {
            return messages;
        }
        SQSEvent event = event(queue, messages);
        SQSBatchResponse response = handler.apply(event);
        Set<String> failed = new HashSet<>();
        response.getBatchItemFailures().forEach(failure -> failed.add(failure.getItemIdentifier()));
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                LocalSqs.server().client().deleteMessage(delete -> delete.queueUrl(queue)
                        .receiptHandle(message.receiptHandle()));
            }
        }
        return messages;
    }

    /**
     * Up to {@code max} messages that {@code queue} has ready, received ten at a time until it has
     * none, the way Lambda's poller gathers a batch larger than ten, with their receive counts.
     */
    public static List<Message> receive(String queue, int max) {
        List<Message> messages = new ArrayList<>();
        while (messages.size() < max) {
            List<Message> received = LocalSqs.server().client().receiveMessage(receive -> receive
                    .queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
            if (received.isEmpty()) {
                break;
            }
            messages.addAll(received);
        }
        return messages;
    }

    /** Deletes handled messages from {@code queue}, ten at a time, as Lambda's poller does. */
    public static void delete(String queue, List<Message> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<DeleteMessageBatchRequestEntry> entries = messages.subList(from, Math.min(messages.size(), from + 10))
                    .stream().map(message -> DeleteMessageBatchRequestEntry.builder().id(message.messageId())
                            .receiptHandle(message.receiptHandle()).build()).toList();
            LocalSqs.server().client().deleteMessageBatch(delete -> delete.queueUrl(queue).entries(entries));
        }
    }

    /**
     * The event Lambda's queue trigger hands a function for these messages of {@code queue}, built as
     * the local stack builds it ({@link TriggerEvents#sqsRecord}).
     */
    public static SQSEvent event(String queue, List<Message> messages) {
        return LocalSqs.event(queue, messages);
    }

    /** Runs batches until the queue has nothing ready (at most {@code maxBatches}). */
    public int drain(String queue, Function<SQSEvent, SQSBatchResponse> handler) {
        int handed = 0;
        for (int batch = 0; batch < 50; batch++) {
            int count = runOnce(queue, handler).size();
            if (count == 0) {
                return handed;
            }
            handed += count;
        }
        throw new AssertionError("queue never drained: " + queue);
    }

    /** The messages now in a dead-letter queue (received and deleted). */
    public List<Message> deadLetters(String queue) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = LocalSqs.server().client().receiveMessage(receive -> receive
                    .queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(0).messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                return all;
            }
            for (Message message : batch) {
                all.add(message);
                LocalSqs.server().client().deleteMessage(delete -> delete.queueUrl(queue)
                        .receiptHandle(message.receiptHandle()));
            }
        }
    }

    /** How many messages a queue holds now, visible, in flight or delayed. */
    public int depth(String queue) {
        Map<software.amazon.awssdk.services.sqs.model.QueueAttributeName, String> attributes =
                LocalSqs.server().client().getQueueAttributes(get -> get.queueUrl(queue).attributeNamesWithStrings(
                        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                        "ApproximateNumberOfMessagesDelayed")).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    /** The devices the person owns now. */
    public List<dev.pushregistry.core.device.Device> people(String personId) {
        return registry.people().devices(personId, registry.clock().peek()).devices();
    }

    public SendSummary summary(String requestId) {
        return sends.findSummary(requestId).orElseThrow(() -> new AssertionError("no summary for " + requestId));
    }

    /** A send request for one person, as JSON, with the message fields given. */
    public static String request(String requestId, String personId, String extraFields, String message) {
        return "{\"request_id\":" + Json.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(requestId))
                + ",\"person_id\":\"" + personId + "\"" + (extraFields.isEmpty() ? "" : "," + extraFields)
                + ",\"message\":" + message + "}";
    }
}
