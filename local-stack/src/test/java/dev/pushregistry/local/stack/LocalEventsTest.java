package dev.pushregistry.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.sun.net.httpserver.HttpServer;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.testing.SampleEvents;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Events end to end on the local stack: the registry's writes go through DynamoDB Local's stream to
 * the real events function, which publishes with the real EventBridge client to the local bus; the
 * test reads them at {@code /_local/events} and from a webhook, and checks every one against its
 * schema in {@code events/schemas}.
 *
 * <p>A call that must give no event is followed by one that must (on the same token): the stream
 * keeps each item's writes in order, so once the second call's event is there, an event of the
 * first would be too.
 */
class LocalEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Set<String> APP_PATHS = Set.of("/v1/devices", "/v1/identify", "/v1/logout",
            "/v1/live-activities", "/v1/live-activities/end");
    private static final Map<String, Schema> SCHEMAS = new HashMap<>();
    /** Every event type seen, to check at the end that each schema met a published event. */
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
    private static final List<JsonNode> WEBHOOK = new ArrayList<>();

    private static LocalStack stack;
    private static HttpServer webhook;
    private static HttpClient http;
    private static JsonNode info;

    @BeforeAll
    static void start() throws Exception {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        try (Stream<Path> files = Files.list(SampleEvents.projectRoot().resolve("events/schemas"))) {
            for (Path file : files.toList()) {
                String type = file.getFileName().toString().replaceFirst("\\.json$", "");
                SCHEMAS.put(type, registry.getSchema(Files.readString(file)));
            }
        }
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/hook", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            synchronized (WEBHOOK) {
                WEBHOOK.add(body);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        URI hook = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
        stack = LocalStack.start(StackSettings.ephemeral(SampleEvents.projectRoot()).withEventsWebhook(hook));
        http = HttpClient.newHttpClient();
        info = JSON.readTree(call("GET", "/_local/info", null).body());
    }

    @AfterAll
    static void stop() {
        try {
            stack.close();
        } finally {
            webhook.stop(0);
        }
    }

    private static HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (APP_PATHS.contains(path)) {
            request.header("X-Api-Key", StackSettings.LOCAL_APP_KEY);
        } else if (path.startsWith("/v1/")) {
            request.header("Authorization", "Bearer " + StackSettings.LOCAL_SERVER_KEY);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(int status, String method, String path, String body) throws Exception {
        HttpResponse<String> response = call(method, path, body);
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
    }

    private static String identify(String person, String token) {
        return "{\"person_id\":\"" + person + "\",\"token\":\"" + token + "\",\"platform\":\"ios\"}";
    }

    /** A token's events, oldest first, once {@code done} holds for them; each checked against its schema. */
    private static List<JsonNode> eventsOf(String token, Predicate<List<JsonNode>> done) throws Exception {
        return until("/_local/events?token=" + token, done);
    }

    private static List<JsonNode> until(String path, Predicate<List<JsonNode>> done) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<JsonNode> events = List.of();
        while (System.nanoTime() < deadline) {
            events = new ArrayList<>();
            for (JsonNode event : JSON.readTree(call("GET", path, null).body()).get("events")) {
                events.add(0, event);
            }
            if (done.test(events)) {
                events.forEach(LocalEventsTest::assertMatchesSchema);
                return events;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("still not there after " + PATIENCE + ": " + path + " = " + events);
    }

    private static void assertMatchesSchema(JsonNode event) {
        String type = event.path("type").asText();
        Schema schema = SCHEMAS.get(type);
        assertTrue(schema != null, "no schema for " + type);
        assertEquals(List.of(), schema.validate(event).stream().map(Object::toString).toList(), event.toString());
        SEEN.add(type);
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(event -> event.path("type").asText()).toList();
    }

    private static Predicate<List<JsonNode>> endsWith(String type) {
        return events -> !events.isEmpty() && events.get(events.size() - 1).path("type").asText().equals(type);
    }

    @Test
    void aTokensLifeGivesOneEventPerChangeAndNoneForRefusedOrIdleCalls() throws Exception {
        String token = Tokens.apns();
        String register = "{\"token\":\"" + token + "\",\"platform\":\"ios\"}";
        expect(200, "POST", "/v1/devices", register);
        expect(200, "POST", "/v1/devices", register);
        expect(400, "POST", "/v1/identify", "{\"person_id\":\"\",\"token\":\"" + token + "\"}");
        expect(200, "POST", "/v1/identify", identify("ev-ada", token));
        expect(200, "POST", "/v1/identify", identify("ev-ada", token));
        expect(200, "POST", "/v1/identify", identify("ev-bob", token));
        expect(204, "POST", "/v1/logout", "{\"person_id\":\"ev-ada\",\"token\":\"" + token + "\"}");
        expect(204, "POST", "/v1/logout", "{\"person_id\":\"ev-bob\",\"token\":\"" + token + "\"}");
        expect(200, "POST", "/v1/devices", register);

        List<JsonNode> events = eventsOf(token, events1 -> events1.size() >= 5);
        assertEquals(List.of("device.registered", "device.moved", "device.moved", "device.logged_out", "device.registered"),
                types(events));
        assertTrue(events.get(0).get("person_id").isNull());
        assertEquals("demo", events.get(0).get("app_id").asText());
        assertTrue(events.get(1).get("from").isNull());
        assertEquals("ev-ada", events.get(1).get("to").asText());
        assertEquals("ev-ada", events.get(2).get("from").asText());
        assertEquals("ev-bob", events.get(2).get("person_id").asText());
        assertEquals("ev-bob", events.get(3).get("person_id").asText());
        assertTrue(events.get(3).get("deleted").asBoolean(), "the template's logout policy deletes");
        assertEquals(5, events.stream().map(event -> event.get("id").asText()).distinct().count());
        for (int index = 1; index < events.size(); index++) {
            assertTrue(events.get(index).get("sequence").asText().compareTo(events.get(index - 1).get("sequence").asText()) > 0,
                    "a device's events carry growing sequence numbers");
        }
        assertEquals(5, eventsOf(token, all -> all.size() >= 5).size(), "nothing came after the last change");
    }

    @Test
    void aRefreshDeletesTheOldTokenAndRegistersTheNewOneForTheSameOwner() throws Exception {
        String old = Tokens.apns();
        String fresh = Tokens.apns();
        expect(200, "POST", "/v1/identify", identify("ev-carol", old));
        expect(200, "POST", "/v1/devices", "{\"token\":\"" + fresh + "\",\"platform\":\"ios\",\"previous_token\":\"" + old + "\"}");

        List<JsonNode> gone = eventsOf(old, endsWith("device.deleted"));
        assertEquals(List.of("device.registered", "device.deleted"), types(gone));
        assertEquals("refreshed", gone.get(1).get("reason").asText());
        assertEquals(fresh, gone.get(1).get("replaced_by").asText());
        assertEquals("ev-carol", gone.get(1).get("person_id").asText());
        List<JsonNode> registered = eventsOf(fresh, endsWith("device.registered"));
        assertEquals("ev-carol", registered.get(0).get("person_id").asText());
    }

    @Test
    void sendsBounceSuppressResetDeleteAndCompleteOnce() throws Exception {
        String refused = Tokens.apns();
        String gone = Tokens.apns();
        expect(200, "POST", "/v1/identify", identify("ev-dan", refused));
        expect(200, "POST", "/v1/identify", identify("ev-dan", gone));
        expect(200, "POST", "/_local/verdicts", "{\"token\":\"" + refused + "\",\"verdict\":\"bad_token\"}");
        expect(200, "POST", "/_local/verdicts", "{\"token\":\"" + gone + "\",\"verdict\":\"unregistered\"}");

        send("ev-send-1", "ev-dan");
        assertEquals("device.bounced", eventsOf(refused, endsWith("device.bounced")).get(1).path("type").asText());
        send("ev-send-2", "ev-dan");
        List<JsonNode> suppressed = eventsOf(refused, endsWith("device.suppressed"));
        assertEquals("bounced", suppressed.get(suppressed.size() - 1).get("previous_status").asText());
        expect(200, "POST", "/v1/identify", identify("ev-dan", refused));
        List<JsonNode> reset = eventsOf(refused, endsWith("device.reset"));
        assertEquals(List.of("device.registered", "device.bounced", "device.suppressed", "device.reset"), types(reset),
                "the same owner logging in again moves nothing");

        List<JsonNode> deleted = eventsOf(gone, endsWith("device.deleted"));
        assertEquals("unregistered", deleted.get(deleted.size() - 1).get("reason").asText());
        assertEquals("ev-dan", deleted.get(deleted.size() - 1).get("person_id").asText());

        for (String request : List.of("ev-send-1", "ev-send-2")) {
            List<JsonNode> completed = until("/_local/events", all -> all.stream().anyMatch(event -> completes(event, request)))
                    .stream().filter(event -> completes(event, request)).toList();
            assertEquals(1, completed.size(), request + " completed once");
            JsonNode summary = JSON.readTree(call("GET", "/v1/sends/" + request, null).body());
            assertEquals(counts(summary.get("counts")), counts(completed.get(0).get("counts")),
                    "the event's counts are the summary's");
        }
    }

    private static boolean completes(JsonNode event, String request) {
        return event.path("type").asText().equals("send.completed") && event.path("request_id").asText().equals(request);
    }

    private static Map<String, Integer> counts(JsonNode counts) {
        Map<String, Integer> byName = new HashMap<>();
        counts.fields().forEachRemaining(field -> byName.put(field.getKey(), field.getValue().asInt()));
        return byName;
    }

    private static void send(String request, String person) throws Exception {
        expect(202, "POST", "/v1/sends", "{\"request_id\":\"" + request + "\",\"person_id\":\"" + person
                + "\",\"message\":{\"title\":\"hi\"}}");
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!JSON.readTree(call("GET", "/v1/sends/" + request, null).body()).path("state").asText().equals("done")) {
            assertTrue(System.nanoTime() < deadline, request + " never finished");
            Thread.sleep(100);
        }
    }

    @Test
    void aForgottenPersonsDevicesGoThenThePerson() throws Exception {
        String token = Tokens.apns();
        expect(200, "POST", "/v1/identify", identify("ev-erin", token));
        expect(204, "DELETE", "/v1/people/ev-erin", null);

        List<JsonNode> deleted = eventsOf(token, endsWith("device.deleted"));
        assertEquals("forgotten", deleted.get(deleted.size() - 1).get("reason").asText());
        List<JsonNode> person = until("/_local/events?person_id=ev-erin", endsWith("person.forgotten"));
        JsonNode forgotten = person.get(person.size() - 1);
        assertTrue(forgotten.get("token").isNull());
        assertTrue(forgotten.get("app_id").isNull());
    }

    @Test
    void aDeviceTheTablesTimeToLiveRemovesIsDeletedAsExpired() throws Exception {
        String token = Tokens.apns();
        expect(200, "POST", "/v1/identify", identify("ev-fay", token));
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create(info.get("dynamodb").asText()))
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            dynamo.updateItem(update -> update.tableName(info.get("table").asText())
                    .key(Map.of("PK", AttributeValue.fromS("TOKEN#" + token), "SK", AttributeValue.fromS("TOKEN")))
                    .updateExpression("SET expires_at = :past")
                    .expressionAttributeValues(Map.of(":past",
                            AttributeValue.fromN(Long.toString(Instant.now().minusSeconds(60).getEpochSecond())))));
        }
        List<JsonNode> events = eventsOf(token, endsWith("device.deleted"));
        JsonNode expired = events.get(events.size() - 1);
        assertEquals("expired", expired.get("reason").asText());
        assertEquals("ev-fay", expired.get("person_id").asText());
    }

    @Test
    void anEventTheBusRefusesIsPublishedLaterAndTheWriteStands() throws Exception {
        String token = Tokens.apns();
        expect(200, "POST", "/_local/event-refusals", "{\"count\":1}");
        expect(200, "POST", "/v1/identify", identify("ev-gus", token));
        JsonNode devices = JSON.readTree(call("GET", "/v1/people/ev-gus/devices", null).body());
        assertEquals(token, devices.at("/devices/0/token").asText(), "the registry's write is not held up");

        List<JsonNode> events = eventsOf(token, endsWith("device.registered"));
        assertEquals(1, events.stream().map(event -> event.get("id").asText()).distinct().count());
        JsonNode metrics = JSON.readTree(call("GET", "/_local/metrics", null).body());
        assertTrue(metrics.toString().contains("EventBatchesRetried"), "the refused batch was read again");
    }

    @Test
    void theWebhookGetsEachEventsJson() throws Exception {
        String token = Tokens.apns();
        expect(200, "POST", "/v1/identify", identify("ev-hal", token));
        JsonNode published = eventsOf(token, endsWith("device.registered")).get(0);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            synchronized (WEBHOOK) {
                if (WEBHOOK.contains(published)) {
                    break;
                }
            }
            assertTrue(System.nanoTime() < deadline, "the webhook never got " + published);
            Thread.sleep(100);
        }
    }

    private static String activity(String device, String activityId, String token) {
        return "{\"device_token\":\"" + device + "\",\"activity_id\":\"" + activityId
                + "\",\"activity_type\":\"DeliveryAttributes\",\"token\":\"" + token + "\"}";
    }

    private static List<String> reasons(List<JsonNode> events) {
        return events.stream().filter(event -> event.path("type").asText().equals("live_activity.ended"))
                .map(event -> event.get("activity_id").asText() + ":" + event.get("reason").asText()).toList();
    }

    @Test
    void aLiveActivityIsAnnouncedWhenRegisteredAndWhenItEndsWithWhy() throws Exception {
        String device = Tokens.apns();
        expect(200, "POST", "/v1/identify", identify("ev-ivy", device));
        expect(200, "POST", "/v1/live-activities", activity(device, "order-1", Tokens.apns()));
        JsonNode registered = eventsOf(device, endsWith("live_activity.registered")).get(1);
        assertEquals("order-1", registered.get("activity_id").asText());
        assertEquals("DeliveryAttributes", registered.get("activity_type").asText());
        assertEquals("ev-ivy", registered.get("person_id").asText());

        expect(204, "POST", "/v1/live-activities/end", "{\"device_token\":\"" + device + "\",\"activity_id\":\"order-1\"}");
        assertEquals(List.of("order-1:app"), reasons(eventsOf(device, endsWith("live_activity.ended"))));

        String refused = Tokens.apns();
        expect(200, "POST", "/v1/live-activities", activity(device, "order-2", refused));
        expect(200, "POST", "/_local/verdicts", "{\"token\":\"" + refused + "\",\"verdict\":\"unregistered\"}");
        expect(202, "POST", "/v1/sends", "{\"request_id\":\"ev-live-1\",\"person_id\":\"ev-ivy\",\"live_activity\":"
                + "{\"event\":\"update\",\"activity_id\":\"order-2\",\"content_state\":{\"eta\":4}}}");
        assertEquals(List.of("order-1:app", "order-2:unregistered"), reasons(eventsOf(device,
                events -> reasons(events).size() == 2)));

        expect(200, "POST", "/v1/live-activities", activity(device, "order-3", Tokens.apns()));
        eventsOf(device, events -> events.stream().filter(event -> event.path("activity_id").asText().equals("order-3"))
                .count() == 1);
        expect(200, "POST", "/v1/identify", identify("ev-jo", device));
        List<JsonNode> moved = eventsOf(device, events -> reasons(events).size() == 3);
        assertEquals(List.of("order-1:app", "order-2:unregistered", "order-3:device_gone"), reasons(moved));
        assertEquals("ev-ivy", moved.stream().filter(event -> event.path("reason").asText().equals("device_gone"))
                .findFirst().orElseThrow().get("person_id").asText(), "the owner the device left");
    }

    @AfterAll
    static void everyTypeMetItsSchema() {
        assertEquals(new TreeSet<>(SCHEMAS.keySet()), new TreeSet<>(SEEN),
                "each event type was published and checked against its schema");
    }
}
