package dev.pushregistry.functions.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.json.Json;
import dev.pushregistry.store.dynamodb.StreamImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A DynamoDB stream event's bytes, as Lambda hands them to the function, read with the project's
 * JSON reader (images in DynamoDB's JSON, {@code {"S": "..."}}), and the batch's answer written
 * back ({@code batchItemFailures}, by sequence number).
 */
public final class StreamEvents {
    /** The {@code userIdentity} principal of a delete made by the table's time to live. */
    static final String TIME_TO_LIVE_PRINCIPAL = "dynamodb.amazonaws.com";

    private StreamEvents() {
    }

    /**
     * One record of the stream.
     *
     * @param byTimeToLive whether DynamoDB's time to live made the write
     */
    public record StreamRecord(String eventId, StreamImages.WriteKind kind, String sequence, Instant approximateAt,
                               Map<String, AttributeValue> keys, Map<String, AttributeValue> oldImage,
                               Map<String, AttributeValue> newImage, boolean byTimeToLive) {
    }

    /** The records of one event, in the stream's order. */
    public static List<StreamRecord> read(InputStream input) throws IOException {
        return read(new String(input.readAllBytes(), StandardCharsets.UTF_8));
    }

    /** The records of one event's JSON text. */
    public static List<StreamRecord> read(String text) {
        ObjectNode event = Json.parseObject(text);
        List<StreamRecord> records = new ArrayList<>();
        for (JsonNode record : event.path("Records")) {
            JsonNode dynamodb = record.path("dynamodb");
            JsonNode identity = record.path("userIdentity");
            boolean byTimeToLive = "Service".equals(identity.path("type").asText())
                    && TIME_TO_LIVE_PRINCIPAL.equals(identity.path("principalId").asText());
            BigDecimal seconds = new BigDecimal(dynamodb.path("ApproximateCreationDateTime").asText("0"));
            records.add(new StreamRecord(
                    record.path("eventID").asText(),
                    StreamImages.WriteKind.valueOf(record.path("eventName").asText()),
                    dynamodb.path("SequenceNumber").asText(),
                    Instant.ofEpochMilli(seconds.movePointRight(3).longValue()),
                    item(dynamodb.path("Keys")),
                    item(dynamodb.path("OldImage")),
                    item(dynamodb.path("NewImage")),
                    byTimeToLive));
        }
        return records;
    }

    /** The answer to a batch: nothing to retry, or the record to read the shard again from. */
    public static void write(Optional<String> retryFrom, OutputStream output) throws IOException {
        ObjectNode answer = Json.object();
        var failures = answer.putArray("batchItemFailures");
        retryFrom.ifPresent(sequence -> failures.addObject().put("itemIdentifier", sequence));
        output.write(Json.write(answer).getBytes(StandardCharsets.UTF_8));
    }

    /** An item in DynamoDB's JSON; empty when the record carries none. */
    static Map<String, AttributeValue> item(JsonNode image) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        image.fields().forEachRemaining(field -> item.put(field.getKey(), value(field.getValue())));
        return item;
    }

    private static AttributeValue value(JsonNode typed) {
        var field = typed.fields().next();
        JsonNode value = field.getValue();
        return switch (field.getKey()) {
            case "S" -> AttributeValue.fromS(value.asText());
            case "N" -> AttributeValue.fromN(value.asText());
            case "B" -> AttributeValue.fromB(bytes(value));
            case "BOOL" -> AttributeValue.fromBool(value.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "M" -> AttributeValue.fromM(item(value));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                value.forEach(element -> list.add(value(element)));
                yield AttributeValue.fromL(list);
            }
            case "SS" -> AttributeValue.fromSs(texts(value));
            case "NS" -> AttributeValue.fromNs(texts(value));
            case "BS" -> {
                List<SdkBytes> list = new ArrayList<>();
                value.forEach(element -> list.add(bytes(element)));
                yield AttributeValue.fromBs(list);
            }
            default -> throw new IllegalArgumentException("not a DynamoDB attribute type: " + field.getKey());
        };
    }

    private static SdkBytes bytes(JsonNode value) {
        return SdkBytes.fromByteArray(Base64.getDecoder().decode(value.asText()));
    }

    private static List<String> texts(JsonNode values) {
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(value.asText()));
        return texts;
    }
}
