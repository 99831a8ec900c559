package dev.pushregistry.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.error.RegistryException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry's JSON: trees (Jackson's {@link JsonNode}s), and field by field where a body is read
 * at volume, never by reflection over classes: duplicate keys and trailing content are errors.
 *
 * <p>Trees are read from and written to Jackson's streaming parser and generator here, without an
 * {@code ObjectMapper}: a mapper brings its serializer and deserializer machinery (some 300 classes
 * loaded on a function's cold start) for nothing the registry uses.
 */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Schubfach instead of Double.toString: a sender's metrics write a timing per push
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    /**
     * For {@link #readObject}, whose readers refuse a field given twice themselves (as {@link #tree}
     * does): Jackson's own detection keeps a set of every field name of every object, which for a
     * sender's group messages was about a tenth of reading them.
     */
    private static final JsonFactory STREAMING = JsonFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /**
     * Parses text that must be one JSON object.
     *
     * @throws RegistryException {@code invalid_json}
     */
    public static ObjectNode parseObject(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                throw RegistryException.invalidJson(null, "body must be a JSON object");
            }
            JsonNode node = tree(parser);
            if (parser.nextToken() != null) {
                throw RegistryException.invalidJson(null, "body is not valid JSON: trailing content after the value");
            }
            if (!node.isObject()) {
                throw RegistryException.invalidJson(null, "body must be a JSON object");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException malformed) {
            throw RegistryException.invalidJson(null, "body is not valid JSON: " + malformed.getOriginalMessage());
        } catch (IOException impossible) {
            throw new UncheckedIOException("text could not be read", impossible);
        }
    }

    /** Reads the fields of one JSON object from a streaming parser positioned inside it. */
    public interface StreamReader<T> {
        /**
         * Reads up to and including the object's closing brace.
         *
         * @throws IOException when the text is malformed (read as {@code invalid_json})
         */
        T read(JsonParser parser) throws IOException;
    }

    /**
     * Parses text that must be one JSON object with a streaming parser, for bodies read at volume
     * where a tree of every field would cost more than the fields: same strictness and errors as
     * {@link #parseObject(String)}, provided the reader refuses a field it meets twice
     * ({@link #duplicateField}); values it reads with {@link #tree} are checked there.
     *
     * @throws RegistryException {@code invalid_json}
     */
    public static <T> T readObject(String text, StreamReader<T> reader) {
        try (JsonParser parser = STREAMING.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw RegistryException.invalidJson(null, "body must be a JSON object");
            }
            T value = reader.read(parser);
            if (parser.nextToken() != null) {
                throw RegistryException.invalidJson(null, "body is not valid JSON: trailing content after the object");
            }
            return value;
        } catch (JsonProcessingException malformed) {
            throw RegistryException.invalidJson(null, "body is not valid JSON: " + malformed.getOriginalMessage());
        } catch (IOException impossible) {
            throw new UncheckedIOException("text could not be read", impossible);
        }
    }

    /** The error for a field an object gives twice, as Jackson's own duplicate detection words it. */
    public static JsonParseException duplicateField(JsonParser parser, String name) {
        return new JsonParseException(parser, "Duplicate field '" + name + "'");
    }

    /**
     * The value at a streaming parser's current token, as a tree (the parser is left on the value's
     * last token). Whole numbers become int, long or big-integer nodes by their size, and the others
     * double nodes, as Jackson's own tree reader makes them.
     */
    public static JsonNode tree(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new IllegalStateException("the parser is not on a value");
        }
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if (object.replace(name, tree(parser)) != null) {
                        throw duplicateField(parser, name);
                    }
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(tree(parser));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IllegalStateException("the parser is not on a value: " + token);
        };
    }

    /**
     * Whether every text of the tree, field names included, is well-formed Unicode: no lone
     * surrogate, which a JSON escape can spell and which a UTF-8 writer (DynamoDB's, the
     * log's) would silently turn into another character.
     */
    public static boolean wellFormed(JsonNode node) {
        if (node.isTextual()) {
            return wellFormed(node.textValue());
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!wellFormed(field.getKey()) || !wellFormed(field.getValue())) {
                    return false;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (!wellFormed(item)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean wellFormed(String text) {
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            if (Character.isHighSurrogate(character) && index + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(index + 1))) {
                index++;
            } else if (Character.isSurrogate(character)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A JSON value as plain Java values: objects as ordered maps, arrays as lists, whole numbers as
     * {@code Long}, other numbers as {@code Double}, strings, booleans and {@code null} (what a library
     * that writes its own JSON, such as a push client's payload builder, takes).
     */
    public static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> values = new LinkedHashMap<>();
            node.properties().forEach(entry -> values.put(entry.getKey(), plain(entry.getValue())));
            return values;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(plain(item)));
            return items;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : node.textValue();
    }

    /** The tree as compact JSON text. */
    public static String write(JsonNode node) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            write(generator, node);
        } catch (IOException impossible) {
            throw new IllegalStateException("a JSON tree could not be written", impossible);
        }
        return text.toString();
    }

    private static void write(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    generator.writeFieldName(field.getKey());
                    write(generator, field.getValue());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    write(generator, element);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> generator.writeNumber(node.intValue());
                    case LONG -> generator.writeNumber(node.longValue());
                    case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
                    case FLOAT -> generator.writeNumber(node.floatValue());
                    case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
                    default -> generator.writeNumber(node.doubleValue());
                }
            }
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case BINARY -> generator.writeBinary(node.binaryValue());
            case NULL, MISSING -> generator.writeNull();
            default -> throw new IllegalArgumentException("not a JSON tree: a " + node.getNodeType() + " node");
        }
    }
}
