package dev.pushregistry.local.stack;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.aws.LocalContext;
import dev.pushregistry.local.services.lambda.TriggerEvents;
import dev.pushregistry.local.stack.StackTemplate.StreamSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda's DynamoDB stream event source mapping for one function: reads each shard of the table's
 * stream from its start (parents before children), hands the records to the handler in batches of
 * the declared size as Lambda does (the records' JSON in, the answer out), and with
 * {@code ReportBatchItemFailures} reads again from the record the handler names, after a pause
 * that grows with each try. After the declared number of retries the batch's coordinates go to the
 * on-failure queue and the shard moves on, as Lambda's {@code DestinationConfig} does.
 */
final class StreamPoller extends Poller {
    private static final Logger LOG = LoggerFactory.getLogger(StreamPoller.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long an idle poller waits before reading the shards again (Lambda polls 4 times a second). */
    private static final long IDLE_MILLIS = 250;

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final StreamSource source;
    private final RequestStreamHandler handler;
    private final String function;
    /** How long one invocation of the function may run. */
    private final Duration timeout;
    private final SqsClient sqs;
    private final String onFailureQueueUrl;
    /** Each shard's next iterator; {@code null} once the shard is closed and read to its end. */
    private final Map<String, String> iterators = new LinkedHashMap<>();

    StreamPoller(DynamoDbStreamsClient streams, String streamArn, StreamSource source, RequestStreamHandler handler,
                 String function, Duration timeout, SqsClient sqs, String onFailureQueueUrl) {
        super("the table's stream", "stream-poller-" + function, IDLE_MILLIS);
        this.streams = streams;
        this.streamArn = streamArn;
        this.source = source;
        this.handler = handler;
        this.function = function;
        this.timeout = timeout;
        this.sqs = sqs;
        this.onFailureQueueUrl = onFailureQueueUrl;
    }

    /** Reads one batch from each open shard; whether any records came. */
    @Override
    protected boolean pollOnce() {
        for (Shard shard : streams.describeStream(describe -> describe.streamArn(streamArn)).streamDescription().shards()) {
            boolean parentDone = shard.parentShardId() == null || !iterators.containsKey(shard.parentShardId())
                    || iterators.get(shard.parentShardId()) == null;
            if (!iterators.containsKey(shard.shardId()) && parentDone) {
                iterators.put(shard.shardId(), streams.getShardIterator(get -> get.streamArn(streamArn)
                        .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
            }
        }
        boolean any = false;
        for (Map.Entry<String, String> shard : iterators.entrySet()) {
            if (shard.getValue() == null || !running()) {
                continue;
            }
            var answer = streams.getRecords(get -> get.shardIterator(shard.getValue()).limit(source.batchSize()));
            if (!answer.records().isEmpty()) {
                any = true;
                deliver(shard.getKey(), answer.records());
            }
            shard.setValue(answer.nextShardIterator());
        }
        return any;
    }

    /** Hands the records to the function until it takes them all, or its retries run out. */
    private void deliver(String shardId, List<Record> batch) {
        List<Record> left = batch;
        for (int attempt = 0; running() && !left.isEmpty(); attempt++) {
            String retryFrom;
            try {
                retryFrom = invoke(left);
            } catch (RuntimeException | IOException failure) {
                LOG.warn("{} failed on a batch of {} stream records", function, left.size(), failure);
                retryFrom = left.get(0).dynamodb().sequenceNumber();
            }
            if (retryFrom == null) {
                return;
            }
            left = from(left, retryFrom);
            if (source.maximumRetryAttempts() >= 0 && attempt >= source.maximumRetryAttempts()) {
                giveUp(shardId, left);
                return;
            }
            pause(Math.min(5_000, 100L << Math.min(attempt, 6)));
        }
    }

    /** The records from the one with this sequence number on (all of them when none has it). */
    private static List<Record> from(List<Record> records, String sequence) {
        for (int index = 0; index < records.size(); index++) {
            if (records.get(index).dynamodb().sequenceNumber().equals(sequence)) {
                return records.subList(index, records.size());
            }
        }
        return records;
    }

    /** Invokes the handler; the sequence number it asks to read again from, or {@code null}. */
    private String invoke(List<Record> records) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(TriggerEvents.json(records, streamArn, LocalStack.REGION)), output,
                LocalContext.of(function, timeout));
        if (!source.reportsBatchItemFailures()) {
            return null;
        }
        List<String> failures = TriggerEvents.batchItemFailures(output.toByteArray());
        return failures.isEmpty() ? null : failures.get(0);
    }

    /** What Lambda's on-failure destination gets: where the batch was, not its records. */
    private void giveUp(String shardId, List<Record> left) {
        ObjectNode failure = JSON.createObjectNode();
        failure.putObject("requestContext").put("condition", "RetryAttemptsExhausted")
                .put("functionArn", function);
        ObjectNode info = failure.putObject("DDBStreamBatchInfo");
        info.put("shardId", shardId);
        info.put("startSequenceNumber", left.get(0).dynamodb().sequenceNumber());
        info.put("endSequenceNumber", left.get(left.size() - 1).dynamodb().sequenceNumber());
        info.put("batchSize", left.size());
        info.put("streamArn", streamArn);
        LOG.warn("{} gave up on {} stream records after {} retries; their coordinates go to the dead-letter queue",
                function, left.size(), source.maximumRetryAttempts());
        if (onFailureQueueUrl != null) {
            sqs.sendMessage(send -> send.queueUrl(onFailureQueueUrl).messageBody(failure.toString()));
        }
    }
}
