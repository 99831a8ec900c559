package dev.pushregistry.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.aws.LocalContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Invokes a stream handler as Lambda's Java runtime does: the event's JSON in, a context with a
 * fresh request id and the function's name ({@link LocalContext}), the answer's JSON out.
 */
public final class LambdaInvocations {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The longest timeout Lambda allows: an invocation in a test never runs short of time. */
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private LambdaInvocations() {
    }

    /**
     * Invokes {@code handler} with an SQS event as Lambda's queue trigger sends it.
     *
     * @return the messages the handler keeps, as its answer names them
     */
    public static SQSBatchResponse invoke(RequestStreamHandler handler, String functionName, SQSEvent event) {
        return invoke(handler, functionName, TIMEOUT, event);
    }

    /**
     * Like {@link #invoke(RequestStreamHandler, String, SQSEvent)}, in an invocation that times out
     * after {@code timeout}.
     */
    public static SQSBatchResponse invoke(RequestStreamHandler handler, String functionName, Duration timeout,
                                          SQSEvent event) {
        ObjectNode json = JSON.createObjectNode();
        ArrayNode records = json.putArray("Records");
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.getMessageId());
            record.put("receiptHandle", message.getReceiptHandle());
            record.put("body", message.getBody());
            record.put("md5OfBody", message.getMd5OfBody());
            ObjectNode attributes = record.putObject("attributes");
            if (message.getAttributes() != null) {
                message.getAttributes().forEach(attributes::put);
            }
            record.putObject("messageAttributes");
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", message.getEventSourceArn());
            record.put("awsRegion", "eu-central-1");
        }
        try {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            JSON.readTree(invoke(handler, functionName, timeout, json.toString())).path("batchItemFailures").forEach(failure ->
                    failures.add(SQSBatchResponse.BatchItemFailure.builder()
                            .withItemIdentifier(failure.path("itemIdentifier").asText()).build()));
            return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** Invokes {@code handler} with the event's JSON; returns its answer. */
    public static String invoke(RequestStreamHandler handler, String functionName, String eventJson) {
        return invoke(handler, functionName, TIMEOUT, eventJson);
    }

    private static String invoke(RequestStreamHandler handler, String functionName, Duration timeout, String eventJson) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), output,
                    LocalContext.of(functionName, timeout));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return output.toString(StandardCharsets.UTF_8);
    }
}
