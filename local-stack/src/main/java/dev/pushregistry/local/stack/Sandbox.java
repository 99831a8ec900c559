package dev.pushregistry.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.person.PersonDevices;
import dev.pushregistry.core.registry.RegistryStore;
import dev.pushregistry.core.sending.SendStore;
import dev.pushregistry.core.time.Timestamps;
import dev.pushregistry.http.Views;
import dev.pushregistry.local.services.LocalEventBus;
import dev.pushregistry.local.services.PushInbox;
import dev.pushregistry.local.services.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local-only endpoints under {@code /_local/}: what is running where, the push inbox, the
 * verdicts the local push services give, the events the local bus took (and refusals of the next
 * ones, to see them retried), the functions' metrics added up ({@link LocalMetrics}),
 * and a page that shows the table's people, devices and sends and the metrics (it may scan the
 * local table; nothing deployed does).
 */
final class Sandbox {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECENT_PUSHES = 100;

    private final JsonNode info;
    private final PushInbox inbox;
    private final DynamoDbClient dynamo;
    private final String table;
    private final Apps apps;
    private final RegistryStore registry;
    private final SendStore sends;
    private final LocalMetrics metrics;
    private final LocalEventBus eventBus;
    private final Clock clock;

    Sandbox(JsonNode info, PushInbox inbox, DynamoDbClient dynamo, String table, Apps apps, RegistryStore registry,
            SendStore sends, LocalMetrics metrics, LocalEventBus eventBus, Clock clock) {
        this.info = info;
        this.inbox = inbox;
        this.eventBus = eventBus;
        this.dynamo = dynamo;
        this.table = table;
        this.apps = apps;
        this.registry = registry;
        this.sends = sends;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The stack's description served at {@code /_local/info}, completed once the API listens. */
    JsonNode info() {
        return info;
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        switch (method + " " + path) {
            case "GET /_local", "GET /_local/" -> page(exchange);
            case "GET /_local/info" -> json(exchange, 200, info);
            case "GET /_local/pushes" -> json(exchange, 200, pushes(queryParameter(exchange, "token")));
            case "GET /_local/events" -> json(exchange, 200,
                    events(queryParameter(exchange, "token"), queryParameter(exchange, "person_id")));
            case "POST /_local/event-refusals" -> refuseEvents(exchange);
            case "POST /_local/verdicts" -> verdict(exchange);
            case "GET /_local/state" -> json(exchange, 200, state());
            case "GET /_local/metrics" -> json(exchange, 200, metrics.snapshot());
            default -> json(exchange, 404, error("not_found", "no sandbox endpoint " + method + " " + path, null));
        }
    }

    private static String queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                String value = URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** The events the local bus took, newest first: the latest ones, or every one about a token or person. */
    private JsonNode events(String token, String personId) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode events = answer.putArray("events");
        boolean filtered = token != null || personId != null;
        eventBus.events(token, personId).stream().limit(filtered ? Long.MAX_VALUE : RECENT_PUSHES)
                .forEach(event -> events.add(event.detail()));
        return answer;
    }

    /** The local bus refuses the next {@code count} events, as EventBridge refuses an entry. */
    private void refuseEvents(HttpExchange exchange) throws IOException {
        Optional<JsonNode> read = jsonBody(exchange);
        if (read.isEmpty()) {
            return;
        }
        JsonNode count = read.get().get("count");
        if (count == null || !count.canConvertToInt() || count.asInt() < 0 || count.asInt() > 1000) {
            json(exchange, 400, error("invalid_json", "count must be a whole number from 0 to 1000", "count"));
            return;
        }
        eventBus.refuseNext(count.asInt());
        json(exchange, 200, JSON.createObjectNode().put("refusing", count.asInt()));
    }

    private JsonNode pushes(String token) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode pushes = answer.putArray("pushes");
        inbox.pushes(token).stream().limit(token == null ? RECENT_PUSHES : Long.MAX_VALUE).forEach(push -> {
            ObjectNode entry = pushes.addObject();
            entry.put("at", Timestamps.format(push.at()));
            entry.put("provider", push.provider());
            entry.put("app_id", push.appId());
            if (push.environment() != null) {
                entry.put("environment", push.environment());
            }
            entry.put("token", push.token());
            entry.put("push_type", push.pushType());
            if (push.topic() != null) {
                entry.put("topic", push.topic());
            }
            entry.set("headers", JSON.valueToTree(push.headers()));
            entry.set("payload", push.payload());
        });
        return answer;
    }

    /** The request's JSON (a missing node for an empty body); empty, once answered {@code 400}, when it is not JSON. */
    private static Optional<JsonNode> jsonBody(HttpExchange exchange) throws IOException {
        try {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            return Optional.of(body == null ? MissingNode.getInstance() : body);
        } catch (IOException notJson) {
            json(exchange, 400, error("invalid_json", "body must be a JSON object", null));
            return Optional.empty();
        }
    }

    private void verdict(HttpExchange exchange) throws IOException {
        Optional<JsonNode> read = jsonBody(exchange);
        if (read.isEmpty()) {
            return;
        }
        JsonNode body = read.get();
        String token = body.path("token").asText("");
        if (token.isEmpty()) {
            json(exchange, 400, error("missing_field", "token is required", "token"));
            return;
        }
        Verdict verdict;
        try {
            verdict = Verdict.valueOf(body.path("verdict").asText("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            json(exchange, 400, error("invalid_json", "verdict must be one of " + verdictNames(), "verdict"));
            return;
        }
        Instant invalidSince = null;
        if (body.hasNonNull("invalid_since")) {
            try {
                invalidSince = Instant.parse(body.get("invalid_since").asText());
            } catch (DateTimeParseException notATime) {
                json(exchange, 400, error("invalid_json", "invalid_since must be an ISO-8601 time", "invalid_since"));
                return;
            }
        }
        inbox.setVerdict(token, verdict, invalidSince);
        ObjectNode answer = JSON.createObjectNode().put("token", token).put("verdict", verdict.name().toLowerCase(Locale.ROOT));
        if (invalidSince != null) {
            answer.put("invalid_since", Timestamps.format(invalidSince));
        }
        json(exchange, 200, answer);
    }

    private static List<String> verdictNames() {
        List<String> names = new ArrayList<>();
        for (Verdict verdict : Verdict.values()) {
            names.add(verdict.name().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /**
     * Everything the page shows: people with their devices, anonymous devices, every device by app,
     * sends, recent pushes.
     */
    private JsonNode state() {
        TreeSet<String> people = new TreeSet<>();
        List<DeviceAddress> anonymousDevices = new ArrayList<>();
        List<Map<String, AttributeValue>> requests = new ArrayList<>();
        dynamo.scanPaginator(scan -> scan.tableName(table).consistentRead(true)).items().forEach(item -> {
            String entity = item.containsKey("entity") ? item.get("entity").s() : "";
            switch (entity) {
                case "profile", "person_device" -> people.add(item.get("person_id").s());
                case "token" -> {
                    if (!item.containsKey("person_id")) {
                        anonymousDevices.add(new DeviceAddress(item.containsKey("app_id") ? item.get("app_id").s()
                                : apps.defaultAppId(), item.get("token").s()));
                    }
                }
                case "send" -> requests.add(item);
                default -> {
                }
            }
        });
        Instant now = clock.instant();
        ObjectNode state = JSON.createObjectNode();
        Map<String, ArrayNode> byApp = new TreeMap<>();
        apps.ids().forEach(app -> byApp.put(app, JSON.createArrayNode()));
        ArrayNode peopleView = state.putArray("people");
        for (String person : people) {
            PersonDevices devices = registry.findPersonDevices(person, now);
            ObjectNode personView = Views.personDevices(devices);
            personView.set("live_activities", Views.personLiveActivities(devices, Optional.empty()).get("activities"));
            peopleView.add(personView);
            devices.devices().forEach(device -> byApp.computeIfAbsent(device.appId(), app -> JSON.createArrayNode())
                    .add(Views.device(device)));
        }
        ArrayNode anonymous = state.putArray("anonymous_devices");
        anonymousDevices.stream().sorted(Comparator.comparing(DeviceAddress::token))
                .forEach(address -> registry.findDevice(address, now).ifPresent(device -> {
                    anonymous.add(Views.device(device));
                    byApp.computeIfAbsent(device.appId(), app -> JSON.createArrayNode()).add(Views.device(device));
                }));
        ArrayNode appsView = state.putArray("apps");
        byApp.forEach((app, devices) -> appsView.addObject().put("app_id", app)
                .put("default", app.equals(apps.defaultAppId())).set("devices", devices));
        ArrayNode sendsView = state.putArray("sends");
        requests.stream()
                .sorted(Comparator.comparing((Map<String, AttributeValue> item) ->
                        item.containsKey("created_at") ? item.get("created_at").s() : "").reversed())
                .forEach(item -> sends.findSummary(item.get("request_id").s())
                        .ifPresent(summary -> sendsView.add(Views.sendSummary(summary))));
        state.set("pushes", pushes(null).get("pushes"));
        state.set("events", events(null, null).get("events"));
        return state;
    }

    private static ObjectNode error(String code, String message, String field) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        return body;
    }

    private void page(HttpExchange exchange) throws IOException {
        try (InputStream page = Sandbox.class.getResourceAsStream("sandbox.html")) {
            if (page == null) {
                throw new IllegalStateException("missing resource sandbox.html");
            }
            send(exchange, 200, "text/html; charset=utf-8", page.readAllBytes());
        }
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
