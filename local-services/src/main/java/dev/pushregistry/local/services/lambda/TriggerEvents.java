package dev.pushregistry.local.services.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * What Lambda's event source mappings hand a function, for the local stack and the tests: an SQS
 * batch ({@link #sqsRecord}, {@link #json(SQSEvent)}) and a DynamoDB stream batch
 * ({@link #json(List, String, String)}), in the shapes AWS publishes, and the
 * {@code batchItemFailures} of the function's answer ({@link #batchItemFailures}).
 */
public final class TriggerEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TriggerEvents() {
    }

    /** A message received from a queue, as the record Lambda's SQS trigger makes of it. */
    public static SQSEvent.SQSMessage sqsRecord(Message message, String queueArn, String region) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setMd5OfBody(message.md5OfBody());
        record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
        record.setAttributes(new LinkedHashMap<>(message.attributesAsStrings()));
        Map<String, SQSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> attributes.put(name, attribute(value)));
        record.setMessageAttributes(attributes);
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(queueArn);
        record.setAwsRegion(region);
        return record;
    }

    private static SQSEvent.MessageAttribute attribute(MessageAttributeValue value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(value.dataType());
        attribute.setStringValue(value.stringValue());
        attribute.setStringListValues(value.stringListValues());
        attribute.setBinaryListValues(List.of());
        if (value.binaryValue() != null) {
            attribute.setBinaryValue(value.binaryValue().asByteBuffer());
        }
        return attribute;
    }

    /** An SQS batch as the JSON Lambda hands the function. */
    public static byte[] json(SQSEvent event) {
        ObjectNode json = JSON.createObjectNode();
        ArrayNode records = json.putArray("Records");
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.getMessageId());
            record.put("receiptHandle", message.getReceiptHandle());
            record.put("body", message.getBody());
            ObjectNode attributes = record.putObject("attributes");
            if (message.getAttributes() != null) {
                message.getAttributes().forEach(attributes::put);
            }
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            if (message.getMessageAttributes() != null) {
                message.getMessageAttributes().forEach((name, value) -> {
                    ObjectNode attribute = messageAttributes.putObject(name);
                    if (value.getStringValue() != null) {
                        attribute.put("stringValue", value.getStringValue());
                    }
                    if (value.getBinaryValue() != null) {
                        attribute.put("binaryValue", base64(value.getBinaryValue()));
                    }
                    ArrayNode strings = attribute.putArray("stringListValues");
                    if (value.getStringListValues() != null) {
                        value.getStringListValues().forEach(strings::add);
                    }
                    attribute.putArray("binaryListValues");
                    attribute.put("dataType", value.getDataType());
                });
            }
            record.put("md5OfBody", message.getMd5OfBody());
            if (message.getMd5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", message.getMd5OfMessageAttributes());
            }
            record.put("eventSource", message.getEventSource() == null ? "aws:sqs" : message.getEventSource());
            record.put("eventSourceARN", message.getEventSourceArn());
            record.put("awsRegion", message.getAwsRegion());
        }
        return bytes(json);
    }

    /** A batch of the table's stream records as the JSON Lambda hands the function. */
    public static byte[] json(List<Record> records, String streamArn, String region) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        for (Record record : records) {
            ObjectNode json = array.addObject();
            json.put("eventID", record.eventID());
            json.put("eventName", record.eventNameAsString());
            json.put("eventVersion", "1.1");
            json.put("eventSource", "aws:dynamodb");
            json.put("awsRegion", region);
            ObjectNode dynamodb = json.putObject("dynamodb");
            dynamodb.put("ApproximateCreationDateTime", record.dynamodb().approximateCreationDateTime().getEpochSecond());
            dynamodb.set("Keys", item(record.dynamodb().keys()));
            if (record.dynamodb().hasNewImage()) {
                dynamodb.set("NewImage", item(record.dynamodb().newImage()));
            }
            if (record.dynamodb().hasOldImage()) {
                dynamodb.set("OldImage", item(record.dynamodb().oldImage()));
            }
            dynamodb.put("SequenceNumber", record.dynamodb().sequenceNumber());
            dynamodb.put("SizeBytes", record.dynamodb().sizeBytes());
            dynamodb.put("StreamViewType", record.dynamodb().streamViewTypeAsString());
            if (record.userIdentity() != null) {
                json.putObject("userIdentity").put("type", record.userIdentity().type())
                        .put("principalId", record.userIdentity().principalId());
            }
            json.put("eventSourceARN", streamArn);
        }
        return bytes(event);
    }

    /** The item identifiers of the {@code batchItemFailures} a function answered (none for an empty answer). */
    public static List<String> batchItemFailures(byte[] answer) {
        List<String> failures = new ArrayList<>();
        if (answer.length == 0) {
            return failures;
        }
        try {
            JSON.readTree(answer).path("batchItemFailures").forEach(failure ->
                    failures.add(failure.path("itemIdentifier").asText()));
        } catch (IOException notJson) {
            throw new UncheckedIOException(notJson);
        }
        return failures;
    }

    private static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode json = JSON.createObjectNode();
        item.forEach((name, value) -> json.set(name, value(value)));
        return json;
    }

    /** An attribute in DynamoDB's JSON. */
    private static JsonNode value(AttributeValue value) {
        ObjectNode json = JSON.createObjectNode();
        switch (value.type()) {
            case S -> json.put("S", value.s());
            case N -> json.put("N", value.n());
            case B -> json.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> json.put("BOOL", value.bool());
            case NUL -> json.put("NULL", true);
            case M -> json.set("M", item(value.m()));
            case L -> {
                ArrayNode list = json.putArray("L");
                value.l().forEach(element -> list.add(value(element)));
            }
            case SS -> value.ss().forEach(json.putArray("SS")::add);
            case NS -> value.ns().forEach(json.putArray("NS")::add);
            case BS -> {
                ArrayNode list = json.putArray("BS");
                value.bs().forEach(bytes -> list.add(Base64.getEncoder().encodeToString(bytes.asByteArray())));
            }
            default -> throw new IllegalArgumentException("an attribute of unknown type: " + value);
        }
        return json;
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private static String base64(java.nio.ByteBuffer buffer) {
        java.nio.ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
