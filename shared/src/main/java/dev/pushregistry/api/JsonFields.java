package dev.pushregistry.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.error.RegistryException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed reads of request fields. A {@code null} value counts as absent; a value of the wrong type
 * is {@code invalid_json} naming the field.
 */
public final class JsonFields {
    private JsonFields() {
    }

    /** @throws RegistryException {@code missing_field} when absent, null or empty */
    public static String requiredString(ObjectNode body, String field) {
        String value = optionalString(body, field);
        if (value == null || value.isEmpty()) {
            throw RegistryException.missingField(field);
        }
        return value;
    }

    /** The string, or {@code null} when absent. */
    public static String optionalString(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw RegistryException.invalidJson(field, field + " must be a string");
        }
        return value.textValue();
    }

    /** The boolean, or {@code null} when absent. */
    public static Boolean optionalBoolean(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isBoolean()) {
            throw RegistryException.invalidJson(field, field + " must be true or false");
        }
        return value.booleanValue();
    }

    /** @throws RegistryException {@code missing_field} when absent or null */
    public static boolean requiredBoolean(ObjectNode body, String field) {
        Boolean value = optionalBoolean(body, field);
        if (value == null) {
            throw RegistryException.missingField(field);
        }
        return value;
    }

    /** A flat object of strings, or {@code null} when absent. */
    public static Map<String, String> optionalStringMap(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isObject()) {
            throw RegistryException.invalidJson(field, field + " must be an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw RegistryException.invalidJson(field + "." + entry.getKey(),
                        field + "." + entry.getKey() + " must be a string");
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull();
    }
}
