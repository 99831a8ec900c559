package dev.pushregistry.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.error.RegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the registry, used on trees, and field by field where a body is read at
 * volume, never by reflection over classes: duplicate keys and trailing content are errors.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** Reads one value inside a larger text (what follows it is the caller's to read). */
    private static final ObjectReader VALUE = MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Parses text that must be one JSON object.
     *
     * @throws RegistryException {@code invalid_json}
     */
    public static ObjectNode parseObject(String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException malformed) {
            throw RegistryException.invalidJson(null, "body is not valid JSON: "
                    + malformed.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw RegistryException.invalidJson(null, "body must be a JSON object");
        }
        return (ObjectNode) node;
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
     * {@link #parseObject(String)}.
     *
     * @throws RegistryException {@code invalid_json}
     */
    public static <T> T readObject(String text, StreamReader<T> reader) {
        try (JsonParser parser = MAPPER.createParser(text)) {
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

    /** The value at a streaming parser's current token, as a tree. */
    public static JsonNode tree(JsonParser parser) throws IOException {
        return VALUE.readTree(parser);
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a JSON tree could not be written", impossible);
        }
    }
}
