package dev.pushregistry.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.error.RegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        return optionalString(body, field, field);
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

    /** A whole number, or {@code null} when absent. */
    public static Integer optionalInt(ObjectNode body, String field, String path) {
        JsonNode value = body.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw RegistryException.invalidJson(path, path + " must be a whole number");
        }
        return value.intValue();
    }

    /** A nested object, or {@code null} when absent. */
    public static ObjectNode optionalObject(ObjectNode body, String field, String path) {
        JsonNode value = body.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isObject()) {
            throw RegistryException.invalidJson(path, path + " must be an object");
        }
        return (ObjectNode) value;
    }

    /** An array of strings, or {@code null} when absent. */
    public static List<String> optionalStringList(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isArray()) {
            throw RegistryException.invalidJson(field, field + " must be an array of strings");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw RegistryException.invalidJson(field, field + " must be an array of strings");
            }
            list.add(element.textValue());
        }
        return list;
    }

    /** Like {@link #optionalString(ObjectNode, String)} for a nested field named {@code path} in errors. */
    public static String optionalString(ObjectNode body, String field, String path) {
        JsonNode value = body.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw RegistryException.invalidJson(path, path + " must be a string");
        }
        return value.textValue();
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull();
    }
}
