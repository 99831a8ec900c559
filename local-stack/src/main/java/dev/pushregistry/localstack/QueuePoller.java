package dev.pushregistry.localstack;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pushregistry.localstack.StackTemplate.QueueSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda's SQS event source mapping for one function: long-polls the queue, gathers a batch up to
 * the declared size (waiting at most the batching window), invokes the handler, and deletes the
 * messages it handled. With {@code ReportBatchItemFailures} the reported messages stay; a handler
 * that throws leaves the whole batch. What stays comes back after its visibility timeout, and the
 * queue's redrive policy moves it to the dead-letter queue after its last receive.
 */
final class QueuePoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);
    private static final int RECEIVE_LIMIT = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final QueueSource source;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final Thread thread;
    private volatile boolean running = true;

    QueuePoller(SqsClient sqs, String queueUrl, String queueArn, QueueSource source,
                RequestHandler<SQSEvent, SQSBatchResponse> handler, String name) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.source = source;
        this.handler = handler;
        this.thread = new Thread(this::poll, "poller-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void poll() {
        while (running) {
            try {
                List<Message> batch = gather();
                if (!batch.isEmpty()) {
                    invoke(batch);
                }
            } catch (SdkException failure) {
                if (running) {
                    LOG.warn("polling {} failed: {}", source.queue(), failure.getMessage());
                    pause();
                }
            }
        }
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
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        MessageSystemAttributeName.SENT_TIMESTAMP,
                        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP)
                .messageAttributeNames("All")).messages();
    }

    private void invoke(List<Message> batch) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : batch) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            record.setAttributes(Map.copyOf(message.attributesAsStrings()));
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion("eu-central-1");
            records.add(record);
        }
        event.setRecords(records);
        Set<String> keep = new HashSet<>();
        try {
            SQSBatchResponse response = handler.handleRequest(event, null);
            if (source.reportsBatchItemFailures() && response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(failure -> keep.add(failure.getItemIdentifier()));
            }
        } catch (RuntimeException failure) {
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

    private void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(3_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
