package dev.pushregistry.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pushregistry.local.stack.StackTemplate.QueueSource;
import dev.pushregistry.queue.sqs.QueueEvents;
import dev.pushregistry.queue.sqs.fixtures.LocalSqs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The event source mapping stand-in against ElasticMQ: batches, partial failures, redrive. */
class QueuePollerTest {
    private final SqsClient sqs = LocalSqs.server().client();

    private String queueWithRedrive(String deadLetters, int maxReceiveCount) {
        String arn = sqs.getQueueAttributes(get -> get.queueUrl(deadLetters).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String url = LocalSqs.server().createQueue("polled");
        sqs.setQueueAttributes(set -> set.queueUrl(url).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + arn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}")));
        return url;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out");
            Thread.sleep(100);
        }
    }

    @Test
    void reportedFailuresStayAndTheRestIsDeleted() throws Exception {
        String deadLetters = LocalSqs.server().createQueue("polled-dlq");
        String queue = queueWithRedrive(deadLetters, 5);
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        for (String body : List.of("ok-1", "fail", "ok-2")) {
            sqs.sendMessage(send -> send.queueUrl(queue).messageBody(body));
        }
        try (QueuePoller poller = new QueuePoller(sqs, queue, "arn:local", new QueueSource("Q", 10, 1, true), streamed(event -> {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage message : event.getRecords()) {
                bodies.add(message.getBody());
                if (message.getBody().equals("fail")) {
                    failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
                }
            }
            return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
        }), "test", Duration.ofSeconds(60))) {
            poller.start();
            waitFor(() -> bodies.stream().filter("fail"::equals).count() >= 2);
        }
        assertEquals(1, bodies.stream().filter("ok-1"::equals).count(), "handled once, then deleted");
        assertEquals(1, bodies.stream().filter("ok-2"::equals).count());
    }

    @Test
    void aMessageThatKeepsFailingIsRedrivenToTheDeadLetterQueue() throws Exception {
        String deadLetters = LocalSqs.server().createQueue("polled-dlq");
        String queue = queueWithRedrive(deadLetters, 2);
        sqs.sendMessage(send -> send.queueUrl(queue).messageBody("poison"));
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (QueuePoller poller = new QueuePoller(sqs, queue, "arn:local", new QueueSource("Q", 10, 0, true), streamed(event -> {
            event.getRecords().forEach(message -> seen.add(message.getAttributes().get("ApproximateReceiveCount")));
            throw new IllegalStateException("the handler crashes");
        }), "test", Duration.ofSeconds(60))) {
            poller.start();
            List<Message> dead = new ArrayList<>();
            waitFor(() -> {
                dead.addAll(sqs.receiveMessage(receive -> receive.queueUrl(deadLetters)).messages());
                return !dead.isEmpty();
            });
            assertEquals("poison", dead.get(0).body());
        }
        assertEquals(List.of("1", "2"), seen, "two receives, then the redrive");
    }

    @Test
    void eachInvocationIsGivenTheTimeLeftOfTheFunctionsTimeout() throws Exception {
        String queue = LocalSqs.server().createQueue("timed");
        sqs.sendMessage(send -> send.queueUrl(queue).messageBody("timed"));
        List<Integer> timeLeft = Collections.synchronizedList(new ArrayList<>());
        RequestStreamHandler handler = (input, output, context) -> {
            timeLeft.add(context.getRemainingTimeInMillis());
            QueueEvents.write(SQSBatchResponse.builder().withBatchItemFailures(List.of()).build(), output);
        };
        try (QueuePoller poller = new QueuePoller(sqs, queue, "arn:local", new QueueSource("Q", 10, 0, true), handler,
                "test", Duration.ofSeconds(42))) {
            poller.start();
            waitFor(() -> !timeLeft.isEmpty());
        }
        int left = timeLeft.get(0);
        assertTrue(left > 0 && left <= 42_000, "the time left of a 42 s timeout, counting down: " + left);
    }

    /** A handler of batches invoked as Lambda invokes a function: the event as JSON in, the answer as JSON out. */
    private static RequestStreamHandler streamed(Function<SQSEvent, SQSBatchResponse> handler) {
        return (input, output, context) -> QueueEvents.write(handler.apply(QueueEvents.read(input)), output);
    }
}
