package dev.pushregistry.functions.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.person.HistoryEventType;
import dev.pushregistry.core.registry.DeviceImport;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.telemetry.Metrics;
import dev.pushregistry.testing.Bodies;
import dev.pushregistry.testing.LambdaInvocations;
import dev.pushregistry.testing.LocalAws;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SampleKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/devices/import} against DynamoDB Local, with the server key. */
class ImportHandlerTest {
    private TestRegistry registry;
    private ImportHandler handler;
    private Instant now;

    @BeforeEach
    void setUp() {
        registry = TestRegistry.create();
        handler = new ImportHandler(new ImportHandler.Parts<>(new DeviceImport(LocalAws.asFunction(registry, "ImportFunction").devices(),
                TestRegistry.DEVICE_LIFETIME, 4),
                SampleKeys.authorizer(), registry.clock(), Metrics.discarding()));
        now = registry.clock().peek();
    }

    @AfterEach
    void tableStaysConsistent() {
        registry.assertConsistent();
    }

    private static ObjectNode device(String token, String platform, String person, Instant lastUsed) {
        ObjectNode device = Bodies.device(token, platform).put("app_id", TestRegistry.APP)
                .put("last_used", lastUsed.toString());
        if (person != null) {
            device.put("person_id", person);
        }
        return device;
    }

    private JsonNode importDevices(boolean dryRun, ObjectNode... devices) {
        APIGatewayV2HTTPResponse response = call(dryRun, devices);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return Bodies.json(response);
    }

    private APIGatewayV2HTTPResponse call(boolean dryRun, ObjectNode... devices) {
        ObjectNode body = Bodies.object().put("dry_run", dryRun);
        ArrayNode list = body.putArray("devices");
        for (ObjectNode device : devices) {
            list.add(device);
        }
        return LambdaInvocations.http(handler, "ImportFunction", SampleEvents.withBody("devices-import.json", body.toString()));
    }

    private static List<String> results(JsonNode answer) {
        return answer.get("results").findValuesAsText("result");
    }

    @Test
    void newDevicesAreCreatedWithTheirOwnersAndHistoryAndAgainChangeNothing() {
        String ios = Tokens.apns();
        String android = Tokens.fcm();
        Instant lastUsed = now.minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MILLIS);
        ObjectNode owned = device(ios, "ios", "cust-1", lastUsed);
        owned.putObject("attributes").put("app_version", "2.3.1");
        ObjectNode anonymous = device(android, "android", null, lastUsed).put("push_enabled", false);

        JsonNode first = importDevices(false, owned, anonymous);

        assertEquals(List.of("created", "created"), results(first));
        assertEquals(2, first.at("/counts/created").asInt());
        Device imported = registry.device(ios).orElseThrow();
        assertEquals("cust-1", imported.personId().orElseThrow());
        assertEquals(lastUsed, imported.lastUsed(), "last_used is the other system's");
        assertEquals(DeviceStatus.UNUSED, imported.status());
        assertEquals(Map.of("app_version", "2.3.1"), imported.attributes());
        assertEquals(false, registry.device(android).orElseThrow().pushEnabled());
        List<HistoryEvent> history = registry.people().tokenHistory("cust-1", registry.clock().instant());
        assertEquals(List.of(HistoryEventType.REGISTERED), history.stream().map(HistoryEvent::type).toList());

        List<String> before = registry.snapshot();
        JsonNode again = importDevices(false, owned, anonymous);
        assertEquals(List.of("skipped", "skipped"), results(again));
        assertEquals(before, registry.snapshot(), "importing the same devices again changes nothing");
    }

    @Test
    void aNewerImportUpdatesAndMovesTheTokenAndAnOlderOneIsSkipped() {
        String token = registry.identifiedIosDevice("cust-old");
        Instant registered = registry.device(token).orElseThrow().lastUsed();

        JsonNode older = importDevices(false, device(token, "ios", "cust-new", registered.minusSeconds(60)));
        assertEquals(List.of("skipped"), results(older));
        assertEquals("cust-old", registry.device(token).orElseThrow().personId().orElseThrow());

        registry.clock().advance(Duration.ofSeconds(5));
        JsonNode newer = importDevices(false, device(token, "ios", "cust-new", registry.clock().peek()));
        assertEquals(List.of("updated"), results(newer));
        assertEquals("cust-new", registry.device(token).orElseThrow().personId().orElseThrow());
        Instant at = registry.clock().instant();
        assertEquals(HistoryEventType.MOVED_OUT, registry.people().tokenHistory("cust-old", at).get(0).type());
        assertEquals(HistoryEventType.MOVED_IN, registry.people().tokenHistory("cust-new", at).get(0).type());
    }

    @Test
    void anAnonymousImportNewerThanTheOwnersRegistrationLogsTheOwnerOut() {
        String token = registry.identifiedIosDevice("cust-2");
        registry.clock().advance(Duration.ofSeconds(5));
        assertEquals(List.of("updated"), results(importDevices(false, device(token, "ios", null, registry.clock().peek()))));
        assertTrue(registry.device(token).orElseThrow().personId().isEmpty());
        assertEquals(HistoryEventType.LOGGED_OUT,
                registry.people().tokenHistory("cust-2", registry.clock().instant()).get(0).type());
    }

    @Test
    void badDevicesAreRefusedWithTheirCodesAndTheRestIsImported() {
        String good = Tokens.apns();
        Instant recently = now.minus(Duration.ofHours(1));
        JsonNode answer = importDevices(false,
                device("not a token", "ios", null, recently),
                device(Tokens.apns(), "ios", null, recently).put("app_id", "nowhere"),
                device(good, "ios", "cust-3", recently),
                (ObjectNode) device(Tokens.apns(), "ios", null, recently).without("platform"),
                device(Tokens.apns(), "ios", null, recently).put("last_used", "yesterday"),
                device(Tokens.apns(), "ios", null, now.minus(TestRegistry.DEVICE_LIFETIME).minusSeconds(1)),
                device(Tokens.apns(), "ios", null, now.plus(Duration.ofDays(1))),
                device(Tokens.apns(), "ios", "", recently),
                (ObjectNode) device(Tokens.apns(), "ios", null, recently).without("app_id"));

        assertEquals(List.of("refused", "refused", "created", "refused", "refused", "refused", "refused", "refused",
                "refused"), results(answer));
        assertEquals(List.of("invalid_token", "invalid_app", "missing_field", "invalid_json", "stale_device",
                "invalid_json", "missing_field", "missing_field"), answer.get("results").findValuesAsText("code"));
        assertEquals("platform", answer.at("/results/3/field").asText());
        assertEquals("last_used", answer.at("/results/5/field").asText());
        assertEquals(1, answer.at("/counts/created").asInt());
        assertEquals(8, answer.at("/counts/refused").asInt());
        assertEquals(4, registry.itemCount(), "the one good device: its token, copy, profile and history entry");
    }

    @Test
    void aDryRunSaysWhatAnImportWouldDoAndWritesNothing() {
        String known = registry.identifiedIosDevice("cust-4");
        registry.clock().advance(Duration.ofSeconds(5));
        List<String> before = registry.snapshot();

        JsonNode answer = importDevices(true, device(Tokens.apns(), "ios", "cust-5", now),
                device(known, "ios", "cust-5", registry.clock().peek()), device("not-a-token", "ios", null, now));

        assertTrue(answer.get("dry_run").asBoolean());
        assertEquals(List.of("created", "updated", "refused"), results(answer));
        assertEquals(before, registry.snapshot());
    }

    @Test
    void theWholeCallIsRefusedForTooManyDevicesOrTheWrongKey() {
        ObjectNode[] devices = new ObjectNode[DeviceImport.MAX_DEVICES + 1];
        for (int index = 0; index < devices.length; index++) {
            devices[index] = device(Tokens.apns(), "ios", null, now);
        }
        APIGatewayV2HTTPResponse tooMany = call(false, devices);
        assertEquals(413, tooMany.getStatusCode());
        assertEquals("devices", Bodies.json(tooMany).at("/error/field").asText());

        APIGatewayV2HTTPEvent withAppKey = SampleEvents.withBody("devices-import.json", "{\"devices\":[]}");
        withAppKey.getHeaders().remove("authorization");
        withAppKey.getHeaders().put("x-api-key", SampleKeys.APP_KEY);
        assertEquals(403, LambdaInvocations.http(handler, "ImportFunction", withAppKey).getStatusCode());

        APIGatewayV2HTTPResponse noDevices = LambdaInvocations.http(handler, "ImportFunction",
                SampleEvents.withBody("devices-import.json", "{}"));
        assertEquals(400, noDevices.getStatusCode());
        assertEquals("missing_field", Bodies.json(noDevices).at("/error/code").asText());
        assertEquals(0, registry.itemCount());
    }
}
