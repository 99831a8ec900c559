package dev.pushregistry.local.stack;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pushregistry.aws.LocalContext;
import dev.pushregistry.local.services.lambda.TriggerEvents;
import dev.pushregistry.local.stack.StackTemplate.QueueSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda's SQS event source mapping for one function: long-polls the queue, gathers a batch up to
 * the declared size (waiting at most the batching window), invokes the handler, and deletes the
 * messages it handled. The handler is invoked as Lambda invokes it: the event as JSON in, the answer
 * as JSON out. With {@code ReportBatchItemFailures} the reported messages stay; a handler
 * that throws leaves the whole batch. What stays comes back after its visibility timeout, and the
 * queue's redrive policy moves it to the dead-letter queue after its last receive.
 */
final class QueuePoller extends Poller {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);
    private static final int RECEIVE_LIMIT = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final QueueSource source;
    private final RequestStreamHandler handler;
    private final String function;
    /** How long one invocation of the function may run. */
    private final Duration timeout;

    QueuePoller(SqsClient sqs, String queueUrl, String queueArn, QueueSource source,
                RequestStreamHandler handler, String name, Duration timeout) {
        super(source.queue(), "poller-" + name, 0);
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.source = source;
        this.handler = handler;
        this.function = name;
        this.timeout = timeout;
    }

    @Override
    protected boolean pollOnce() {
        List<Message> batch = gather();
        if (!batch.isEmpty()) {
            invoke(batch);
        }
        return !batch.isEmpty();
    }

    private List<Message> gather() {
        List<Message> batch = new ArrayList<>(receive(1));
        long deadline = System.currentTimeMillis() + source.batchingWindowSeconds() * 1000L;
        while (!batch.isEmpty() && batch.size() < source.batchSize() && System.currentTimeMillis() < deadline) {
            List<Message> more = receive(0);
            if (more.isEmpty()) {
                break;
            }
            batch.addAll(more);
        }
        return batch;
    }

    private List<Message> receive(int waitSeconds) {
        return sqs.receiveMessage(receive -> receive
                .queueUrl(queueUrl)
                .maxNumberOfMessages(Math.min(RECEIVE_LIMIT, source.batchSize()))
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    private void invoke(List<Message> batch) {
        SQSEvent event = new SQSEvent();
        event.setRecords(batch.stream().map(message -> TriggerEvents.sqsRecord(message, queueArn, LocalStack.REGION))
                .toList());
        Set<String> keep = new HashSet<>();
        try {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(TriggerEvents.json(event)), output,
                    LocalContext.of(function, timeout));
            if (source.reportsBatchItemFailures()) {
                keep.addAll(TriggerEvents.batchItemFailures(output.toByteArray()));
            }
        } catch (RuntimeException | IOException failure) {
            LOG.warn("{} failed on a batch of {}; the messages return after their visibility timeout",
                    source.queue(), batch.size(), failure);
            return;
        }
        for (Message message : batch) {
            if (!keep.contains(message.messageId())) {
                sqs.deleteMessage(delete -> delete.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }
}
