package dev.pushregistry.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.sending.LiveActivityPush;
import dev.pushregistry.core.sending.Priority;
import dev.pushregistry.core.sending.PushMessage;
import dev.pushregistry.core.sending.SendRequest;
import dev.pushregistry.core.sending.SendTarget;
import dev.pushregistry.json.Json;
import dev.pushregistry.json.JsonFields;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads send requests (the queue message body, and {@code POST /v1/sends}) and writes their message
 * back to JSON, as the contract fixes them. Every field is checked before anything is written.
 */
public final class SendRequestFormat {
    private SendRequestFormat() {
    }

    /**
     * @param apps the apps a request may name in {@code apps}
     * @param generatedId the request id to use when the request has none
     * @throws RegistryException naming the field that is missing or wrong ({@code invalid_app} for an
     *     app the deployment does not serve)
     */
    public static SendRequest parse(ObjectNode body, Apps apps, Supplier<String> generatedId) {
        String requestId = JsonFields.optionalString(body, "request_id");
        String personId = JsonFields.optionalString(body, "person_id");
        List<String> personIds = JsonFields.optionalStringList(body, "person_ids");
        if (personId != null && personIds != null) {
            throw RegistryException.invalidJson("person_ids", "give either person_id or person_ids, not both");
        }
        if (personIds != null && personIds.isEmpty()) {
            throw RegistryException.missingField("person_ids");
        }
        String target = JsonFields.optionalString(body, "target");
        String token = JsonFields.optionalString(body, "token");
        List<String> platformNames = JsonFields.optionalStringList(body, "platforms");
        Set<Platform> platforms = null;
        if (platformNames != null) {
            platforms = EnumSet.noneOf(Platform.class);
            for (String name : platformNames) {
                try {
                    platforms.add(Platform.fromWire(name));
                } catch (RegistryException unknown) {
                    throw new RegistryException(unknown.code(), "platforms may hold ios and android", "platforms");
                }
            }
        }
        List<String> appIds = JsonFields.optionalStringList(body, "apps");
        Set<String> onlyApps = new LinkedHashSet<>();
        if (appIds != null) {
            appIds.forEach(app -> onlyApps.add(apps.require(app, "apps")));
        }
        Boolean transactional = JsonFields.optionalBoolean(body, "transactional");
        ObjectNode message = JsonFields.optionalObject(body, "message", "message");
        LiveActivityPush liveActivity = liveActivity(JsonFields.optionalObject(body, "live_activity", "live_activity"));
        if (message == null && (liveActivity == null || liveActivity.event() == LiveActivityPush.Event.START)) {
            throw RegistryException.missingField("message");
        }
        SendTarget sendTarget;
        try {
            sendTarget = target == null ? null : SendTarget.fromWire(target);
        } catch (IllegalArgumentException unknown) {
            throw RegistryException.invalidJson("target", unknown.getMessage());
        }
        return SendRequest.builder()
                .requestId(requestId == null ? generatedId.get() : requestId)
                .personIds(personIds != null ? personIds : personId == null ? List.of() : List.of(personId))
                .target(sendTarget)
                .token(token)
                .platforms(platforms)
                .apps(onlyApps)
                .transactional(Boolean.TRUE.equals(transactional))
                .message(message(message == null ? Json.object() : message, liveActivity))
                .build();
    }

    /** Writes a request in the shape {@link #parse} reads, with its request id. */
    public static ObjectNode json(SendRequest request) {
        ObjectNode json = Json.object();
        json.put("request_id", request.requestId());
        if (request.personIds().size() == 1) {
            json.put("person_id", request.personIds().get(0));
        } else {
            request.personIds().forEach(json.putArray("person_ids")::add);
        }
        json.put("target", request.target().wire());
        request.token().ifPresent(token -> json.put("token", token));
        request.platforms().stream().map(Platform::wire).sorted().forEach(json.putArray("platforms")::add);
        if (!request.apps().isEmpty()) {
            request.apps().forEach(json.putArray("apps")::add);
        }
        json.put("transactional", request.transactional());
        ObjectNode message = messageJson(request.message());
        JsonNode liveActivity = message.remove("live_activity");
        if (liveActivity != null) {
            json.set("live_activity", liveActivity);
        }
        json.set("message", message);
        return json;
    }

    /**
     * Reads a {@code message} object whose encoding fits both push services, with the Live Activity
     * push it carries ({@code live_activity}), if any.
     */
    public static PushMessage message(ObjectNode message) {
        return message(message, liveActivity(JsonFields.optionalObject(message, "live_activity", "live_activity")));
    }

    /**
     * Reads a {@code message} object for the Live Activity push {@code liveActivity} (or {@code null}):
     * without an alert or a priority of its own, a Live Activity push goes at priority 5
     * ({@code normal}), as Apple asks for updates the user need not be woken for.
     */
    private static PushMessage message(ObjectNode message, LiveActivityPush liveActivity) {
        String priority = JsonFields.optionalString(message, "priority", "message.priority");
        Priority parsedPriority;
        try {
            parsedPriority = priority == null ? null : Priority.fromWire(priority);
        } catch (IllegalArgumentException unknown) {
            throw RegistryException.invalidJson("message.priority", "message." + unknown.getMessage());
        }
        Boolean background = optionalBoolean(message, "background");
        return PushPayloads.requireFits(PushMessage.builder()
                .title(JsonFields.optionalString(message, "title", "message.title"))
                .body(JsonFields.optionalString(message, "body", "message.body"))
                .deepLink(JsonFields.optionalString(message, "deep_link", "message.deep_link"))
                .imageUrl(JsonFields.optionalString(message, "image_url", "message.image_url"))
                .data(data(message))
                .badge(JsonFields.optionalInt(message, "badge", "message.badge"))
                .sound(JsonFields.optionalString(message, "sound", "message.sound"))
                .collapseKey(JsonFields.optionalString(message, "collapse_key", "message.collapse_key"))
                .threadId(JsonFields.optionalString(message, "thread_id", "message.thread_id"))
                .category(JsonFields.optionalString(message, "category", "message.category"))
                .ttlSeconds(JsonFields.optionalInt(message, "ttl_seconds", "message.ttl_seconds"))
                .priority(parsedPriority == null && liveActivity != null && !message.has("title") && !message.has("body")
                        ? Priority.NORMAL : parsedPriority)
                .background(Boolean.TRUE.equals(background))
                .liveActivity(liveActivity)
                .build());
    }

    /**
     * A {@code live_activity} object: {@code event}, and for it {@code activity_id} or
     * {@code activity_type} and {@code attributes}, {@code content_state}, {@code stale_date},
     * {@code dismissal_date}, {@code relevance_score}; {@code timestamp} (seconds) once dispatch set it.
     *
     * @return {@code null} for none
     */
    private static LiveActivityPush liveActivity(ObjectNode json) {
        if (json == null) {
            return null;
        }
        String event = JsonFields.requiredString(json, "event");
        ObjectNode attributes = JsonFields.optionalObject(json, "attributes", "live_activity.attributes");
        ObjectNode contentState = JsonFields.optionalObject(json, "content_state", "live_activity.content_state");
        JsonNode relevance = json.get("relevance_score");
        if (relevance != null && !relevance.isNull() && (!relevance.isNumber() || !Double.isFinite(relevance.doubleValue()))) {
            throw RegistryException.invalidJson("live_activity.relevance_score", "live_activity.relevance_score must be a number");
        }
        JsonNode timestamp = json.get("timestamp");
        if (timestamp != null && !timestamp.canConvertToLong()) {
            throw RegistryException.invalidJson("live_activity.timestamp", "live_activity.timestamp must be whole seconds");
        }
        return new LiveActivityPush(LiveActivityPush.Event.fromWire(event),
                Optional.ofNullable(JsonFields.optionalString(json, "activity_id", "live_activity.activity_id")),
                Optional.ofNullable(JsonFields.optionalString(json, "activity_type", "live_activity.activity_type")),
                Optional.ofNullable(attributes).map(Json::write), Optional.ofNullable(contentState).map(Json::write),
                date(json, "stale_date"), date(json, "dismissal_date"),
                relevance == null || relevance.isNull() ? Optional.empty() : Optional.of(relevance.doubleValue()),
                timestamp == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(timestamp.longValue())));
    }

    private static Optional<Instant> date(ObjectNode json, String field) {
        String text = JsonFields.optionalString(json, field, "live_activity." + field);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException notATime) {
            throw RegistryException.invalidJson("live_activity." + field,
                    "live_activity." + field + " must be an ISO-8601 time with its offset");
        }
    }

    /** Writes a Live Activity push in the shape {@link #liveActivity(ObjectNode)} reads. */
    private static ObjectNode liveActivityJson(LiveActivityPush push) {
        ObjectNode json = Json.object();
        json.put("event", push.event().wire());
        push.activityId().ifPresent(id -> json.put("activity_id", id));
        push.activityType().ifPresent(type -> json.put("activity_type", type));
        push.attributesJson().ifPresent(attributes -> json.set("attributes", Json.parseObject(attributes)));
        push.contentStateJson().ifPresent(state -> json.set("content_state", Json.parseObject(state)));
        push.staleDate().ifPresent(date -> json.put("stale_date", date.toString()));
        push.dismissalDate().ifPresent(date -> json.put("dismissal_date", date.toString()));
        push.relevanceScore().ifPresent(score -> json.put("relevance_score", score));
        push.timestamp().ifPresent(at -> json.put("timestamp", at.getEpochSecond()));
        return json;
    }

    /** Writes a message in the shape {@link #message(ObjectNode)} reads. */
    public static ObjectNode messageJson(PushMessage message) {
        ObjectNode json = Json.object();
        message.title().ifPresent(title -> json.put("title", title));
        message.body().ifPresent(body -> json.put("body", body));
        message.deepLink().ifPresent(link -> json.put("deep_link", link));
        message.imageUrl().ifPresent(image -> json.put("image_url", image));
        ObjectNode data = json.putObject("data");
        message.data().forEach(data::put);
        message.badge().ifPresent(badge -> json.put("badge", badge));
        message.sound().ifPresent(sound -> json.put("sound", sound));
        message.collapseKey().ifPresent(key -> json.put("collapse_key", key));
        message.threadId().ifPresent(thread -> json.put("thread_id", thread));
        message.category().ifPresent(category -> json.put("category", category));
        message.ttlSeconds().ifPresent(ttl -> json.put("ttl_seconds", ttl));
        json.put("priority", message.priority().wire());
        json.put("background", message.background());
        message.liveActivity().ifPresent(push -> json.set("live_activity", liveActivityJson(push)));
        return json;
    }

    private static Boolean optionalBoolean(ObjectNode message, String field) {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw RegistryException.invalidJson("message." + field, "message." + field + " must be true or false");
        }
        return value.booleanValue();
    }

    private static Map<String, String> data(ObjectNode message) {
        ObjectNode data = JsonFields.optionalObject(message, "data", "message.data");
        Map<String, String> values = new LinkedHashMap<>();
        if (data == null) {
            return values;
        }
        for (Map.Entry<String, JsonNode> entry : data.properties()) {
            if (!entry.getValue().isTextual()) {
                String path = "message.data." + entry.getKey();
                throw RegistryException.invalidJson(path, path + " must be a string");
            }
            values.put(entry.getKey(), entry.getValue().textValue());
        }
        return values;
    }
}
