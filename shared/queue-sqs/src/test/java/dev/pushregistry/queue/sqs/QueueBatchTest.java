package dev.pushregistry.queue.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.sending.Delivery;
import dev.pushregistry.core.sending.DeliveryGroup;
import dev.pushregistry.core.sending.MessageOutcome;
import dev.pushregistry.core.sending.PriorWork;
import dev.pushregistry.core.sending.PushMessage;
import dev.pushregistry.core.sending.PushResult;
import dev.pushregistry.core.sending.QueuedGroup;
import dev.pushregistry.json.Json;
import dev.pushregistry.queue.sqs.fixtures.LocalSqs;
import dev.pushregistry.telemetry.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Partial batch failures, back-off and dead letters, against ElasticMQ. */
class QueueBatchTest {
    private static final String APP = "main";
    private static final PushMessage HI = PushMessage.builder().title("Hi").build();
    private static final MessageOutcome.FollowUp FOLLOW_UP = new MessageOutcome.FollowUp(
            new DeliveryGroup("r", 0, Provider.APNS, APP, HI, List.of(new DeliveryGroup.Slot(3,
                    new Delivery("r", new DeviceAddress(APP, "a".repeat(64)), ApnsEnvironment.PRODUCTION, "ann", Provider.APNS,
                            Platform.IOS, 1L, HI, null)))),
            new PriorWork("m1", Map.of(3, new PushResult.Accepted()), Map.of(), Optional.empty()));
    private final SqsClient sqs = LocalSqs.server().client();
    private final String queue = LocalSqs.server().createQueue("batch");
    private final String deadLetters = LocalSqs.server().createQueue("batch-dlq");
    private final List<String> documents = new ArrayList<>();
    private final Metrics metrics = new Metrics("QueueBatchTest", documents::add, Clock.systemUTC());
    private final QueueBatch batch = new QueueBatch(sqs, new QueueSettings(queue, deadLetters, 3, Duration.ofSeconds(30)), metrics);

    /** The count {@code name} for the consumed queue in what was written since the last call. */
    private long counted(String name) {
        metrics.flush();
        String queueName = queue.substring(queue.lastIndexOf('/') + 1);
        long total = 0;
        for (String document : documents) {
            ObjectNode read = Json.parseObject(document);
            if (read.has(name) && queueName.equals(read.path("Queue").asText())) {
                total += read.get(name).asLong();
            }
        }
        documents.clear();
        return total;
    }

    private SQSEvent.SQSMessage receive() {
        Message message = sqs.receiveMessage(receive -> receive.queueUrl(queue)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages().get(0);
        return LocalSqs.event(queue, List.of(message)).getRecords().get(0);
    }

    @Test
    void aRetriedMessageIsReportedAndStaysAwayForItsBackoff() {
        sqs.sendMessage(send -> send.queueUrl(queue).messageBody("{\"n\":1}"));
        sqs.changeMessageVisibility(change -> change.queueUrl(queue).receiptHandle(receiveRaw().receiptHandle())
                .visibilityTimeout(0));
        SQSEvent.SQSMessage message = receive();

        SQSBatchResponse response = batch.complete(List.of(message),
                Map.of(message.getMessageId(), MessageOutcome.retry("busy")), Instant.now());

        assertEquals(List.of(message.getMessageId()), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals(1, counted("MessagesRetried"));
        assertTrue(sqs.receiveMessage(receive -> receive.queueUrl(queue)).messages().isEmpty(),
                "invisible for the back-off after the second attempt (60 s)");
    }

    private Message receiveRaw() {
        return sqs.receiveMessage(receive -> receive.queueUrl(queue)).messages().get(0);
    }

    @Test
    void aDeadLetterCarriesItsReasonAndTheOriginalBody() {
        sqs.sendMessage(send -> send.queueUrl(queue).messageBody("{\"bad\":true}"));
        SQSEvent.SQSMessage message = receive();

        SQSBatchResponse response = batch.complete(List.of(message),
                Map.of(message.getMessageId(), MessageOutcome.deadLetter("invalid_json: no")), Instant.now());

        assertTrue(response.getBatchItemFailures().isEmpty(), "the original is deleted");
        Message dead = sqs.receiveMessage(receive -> receive.queueUrl(deadLetters).messageAttributeNames("All"))
                .messages().get(0);
        assertEquals("{\"bad\":true}", dead.body());
        assertEquals("invalid_json: no", dead.messageAttributes().get(QueueBatch.REASON_ATTRIBUTE).stringValue());
        assertEquals(message.getMessageId(),
                dead.messageAttributes().get(QueueBatch.SOURCE_MESSAGE_ATTRIBUTE).stringValue());
    }

    @Test
    void aHandOverPutsTheFollowUpOnTheQueueAfterTheBackoffAndLetsTheOriginalGo() {
        QueueBatch noPause = new QueueBatch(sqs, new QueueSettings(queue, deadLetters, 3, Duration.ZERO), metrics);
        sqs.sendMessage(send -> send.queueUrl(queue).messageBody("{\"original\":true}"));
        SQSEvent.SQSMessage message = receive();

        SQSBatchResponse response = noPause.complete(List.of(message),
                Map.of(message.getMessageId(), MessageOutcome.handOver("record later", FOLLOW_UP)), Instant.now(),
                DeliveryMessages::writeFollowUp);

        assertTrue(response.getBatchItemFailures().isEmpty(), "the original is deleted");
        QueuedGroup followUp = DeliveryMessages.read("m2", receiveRaw().body(), false, APP);
        assertEquals(FOLLOW_UP.group(), followUp.group());
        assertEquals(Optional.of(FOLLOW_UP.prior()), followUp.prior());
    }

    @Test
    void aHandOverThatCannotQueueItsFollowUpRetriesTheOriginal() {
        QueueBatch toNowhere = new QueueBatch(sqs, new QueueSettings(queue.replace("/batch", "/no-such-queue"), deadLetters, 3,
                Duration.ofSeconds(30)), metrics);
        sqs.sendMessage(send -> send.queueUrl(queue).messageBody("{\"original\":true}"));
        SQSEvent.SQSMessage message = receive();

        SQSBatchResponse response = toNowhere.complete(List.of(message),
                Map.of(message.getMessageId(), MessageOutcome.handOver("record later", FOLLOW_UP)), Instant.now(),
                DeliveryMessages::writeFollowUp);

        assertEquals(List.of(message.getMessageId()), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
    }

    @Test
    void aRetryOnTheLastAttemptIsDeadLetteredInstead() {
        sqs.sendMessage(send -> send.queueUrl(queue).messageBody("{\"n\":3}"));
        SQSEvent.SQSMessage message = receive();
        message.setAttributes(Map.of("ApproximateReceiveCount", "3"));

        SQSBatchResponse response = batch.complete(List.of(message),
                Map.of(message.getMessageId(), MessageOutcome.retry("APNs 503")), Instant.now());

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(1, counted("DeadLetters"));
        assertEquals(0, counted("MessagesRetried"));
        Message dead = sqs.receiveMessage(receive -> receive.queueUrl(deadLetters).messageAttributeNames("All"))
                .messages().get(0);
        assertEquals("retry budget spent: APNs 503", dead.messageAttributes().get(QueueBatch.REASON_ATTRIBUTE).stringValue());
        assertEquals("3", dead.messageAttributes().get(QueueBatch.ATTEMPTS_ATTRIBUTE).stringValue());
    }
}
