package dev.pushregistry.queue.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queue-trigger events read from and batch answers written to the bytes Lambda hands a stream
 * handler, with the project's own JSON reader rather than the runtime's serialization library (which
 * loads several hundred classes on a cold start and needs Joda-Time for the event types). Only what
 * the consumers use is read: each record's id, receipt handle, body and attributes.
 */
public final class QueueEvents {
    private QueueEvents() {
    }

    /**
     * The event in {@code input}.
     *
     * @throws dev.pushregistry.core.error.RegistryException {@code invalid_json} when it is not a JSON object
     */
    public static SQSEvent read(InputStream input) throws IOException {
        ObjectNode json = Json.parseObject(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (JsonNode record : json.path("Records")) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(text(record, "messageId"));
            message.setReceiptHandle(text(record, "receiptHandle"));
            message.setBody(text(record, "body"));
            message.setMd5OfBody(text(record, "md5OfBody"));
            message.setEventSource(text(record, "eventSource"));
            message.setEventSourceArn(text(record, "eventSourceARN"));
            message.setAwsRegion(text(record, "awsRegion"));
            Map<String, String> attributes = new LinkedHashMap<>();
            record.path("attributes").fields().forEachRemaining(attribute -> {
                if (attribute.getValue().isValueNode()) {
                    attributes.put(attribute.getKey(), attribute.getValue().asText());
                }
            });
            message.setAttributes(attributes);
            records.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** Writes the batch's answer as Lambda expects it with {@code ReportBatchItemFailures}. */
    public static void write(SQSBatchResponse response, OutputStream output) throws IOException {
        ObjectNode json = Json.object();
        ArrayNode failures = json.putArray("batchItemFailures");
        if (response.getBatchItemFailures() != null) {
            response.getBatchItemFailures().forEach(failure ->
                    failures.addObject().put("itemIdentifier", failure.getItemIdentifier()));
        }
        output.write(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
