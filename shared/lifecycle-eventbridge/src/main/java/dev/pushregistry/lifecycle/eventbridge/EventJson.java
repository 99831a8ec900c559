package dev.pushregistry.lifecycle.eventbridge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.lifecycle.RegistryEvent;
import dev.pushregistry.core.time.Timestamps;
import dev.pushregistry.json.Json;
import java.util.Map;

/**
 * An event as JSON, the same everywhere it goes (EventBridge's {@code detail}, a webhook's body, the
 * local stack): {@code id}, {@code type}, {@code at}, {@code app_id}, {@code person_id},
 * {@code token}, {@code sequence} (each {@code null} when the type has none), then the type's own
 * fields. The schemas under {@code events/schemas/} describe each type.
 */
public final class EventJson {
    private EventJson() {
    }

    /** The event's JSON object. */
    public static ObjectNode tree(RegistryEvent event) {
        ObjectNode json = Json.object();
        json.put("id", event.id());
        json.put("type", event.type().wire());
        json.put("at", Timestamps.format(event.at()));
        json.put("app_id", event.appId().orElse(null));
        json.put("person_id", event.personId().orElse(null));
        json.put("token", event.token().orElse(null));
        json.put("sequence", event.sequence().orElse(null));
        put(json, event.detail());
        return json;
    }

    /** The event's JSON text. */
    public static String text(RegistryEvent event) {
        return Json.write(tree(event));
    }

    private static void put(ObjectNode json, Map<String, Object> fields) {
        fields.forEach((name, value) -> {
            if (value == null) {
                json.putNull(name);
            } else if (value instanceof String text) {
                json.put(name, text);
            } else if (value instanceof Boolean flag) {
                json.put(name, flag);
            } else if (value instanceof Integer number) {
                json.put(name, number);
            } else if (value instanceof Long number) {
                json.put(name, number);
            } else if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) nested;
                put(json.putObject(name), typed);
            } else {
                throw new IllegalArgumentException("an event field cannot be " + value.getClass().getSimpleName());
            }
        });
    }
}
