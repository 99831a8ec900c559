package dev.pushregistry.system.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.fixtures.AnsweringGateway;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.core.sending.GroupRecord;
import dev.pushregistry.core.sending.PushResult;
import dev.pushregistry.core.time.Timestamps;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.system.Endpoints;
import dev.pushregistry.testing.Bodies;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SendingHarness;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A table written by the version before apps (its items exactly as that version laid them out: no
 * app anywhere) is served by this one as it is, with no migration: its devices, people, history and
 * a delivery group queued before the upgrade all belong to the default app.
 */
class UpgradeFromOneAppTest {
    private final TestRegistry registry = TestRegistry.create();
    private final SendingHarness harness = SendingHarness.create(registry);
    private final Endpoints endpoints = new Endpoints(registry, LogoutPolicy.DELETE);
    private final String token = Tokens.apns();
    private final Instant registered = Timestamps.truncate(registry.clock().peek().minus(Duration.ofDays(2)));
    private final long version = Timestamps.micros(registered);

    @AfterEach
    void tableStaysConsistent() {
        registry.assertConsistent();
    }

    /** The device, copy, profile and history entry of "old-owner", written as the previous version wrote them. */
    private void writePreviousVersionItems() {
        Map<String, AttributeValue> device = new HashMap<>();
        device.put("token", s(token));
        device.put("platform", s("ios"));
        device.put("provider", s("apns"));
        device.put("person_id", s("old-owner"));
        device.put("push_enabled", AttributeValue.fromBool(true));
        device.put("last_used", s(Timestamps.format(registered)));
        device.put("created_at", s(Timestamps.format(registered)));
        device.put("attributes", AttributeValue.fromM(Map.of("app_version", s("1.0"))));
        device.put("reg_version", n(version));
        device.put("expires_at", n(registered.plus(TestRegistry.DEVICE_LIFETIME).getEpochSecond()));
        Map<String, AttributeValue> tokenItem = new HashMap<>(device);
        tokenItem.putAll(Map.of("PK", s("TOKEN#" + token), "SK", s("TOKEN"), "entity", s("token"), "last_status", s("unused")));
        Map<String, AttributeValue> copy = new HashMap<>(device);
        copy.putAll(Map.of("PK", s("PERSON#old-owner"), "SK", s("DEVICE#" + token), "entity", s("person_device")));
        Map<String, AttributeValue> profile = Map.of("PK", s("PERSON#old-owner"), "SK", s("PROFILE"),
                "entity", s("profile"), "person_id", s("old-owner"), "unsubscribed", AttributeValue.fromBool(false),
                "created_at", s(Timestamps.format(registered)), "updated_at", s(Timestamps.format(registered)),
                "history_order", n(version));
        Map<String, AttributeValue> history = Map.of("PK", s("PERSON#old-owner"),
                "SK", s("TOKEN_HISTORY#" + String.format("%020d#%02d", version, 0)), "entity", s("history"),
                "person_id", s("old-owner"), "at", s(Timestamps.format(registered)), "type", s("registered"),
                "token", s(token), "expires_at", n(registered.plus(TestRegistry.HISTORY_RETENTION).getEpochSecond()));
        for (Map<String, AttributeValue> item : List.of(tokenItem, copy, profile, history)) {
            registry.client().putItem(put -> put.tableName(registry.table()).item(item));
        }
    }

    @Test
    void itsDevicesPeopleAndHistoryAreTheDefaultAppsAndServeReadsMovesAndSends() {
        writePreviousVersionItems();
        registry.assertConsistent();

        JsonNode before = Bodies.json(endpoints.call(SampleEvents.forPerson("people-devices.json", "old-owner", null)));
        assertEquals(1, before.get("devices").size());
        assertEquals(TestRegistry.APP, before.get("devices").get(0).get("app_id").asText());
        assertEquals("production", before.get("devices").get(0).get("apns_environment").asText());
        assertEquals(TestRegistry.APP, Bodies.json(endpoints.call(SampleEvents.forPerson("people-token-history.json",
                "old-owner", null))).get("events").get(0).get("app_id").asText());

        JsonNode moved = Bodies.json(endpoints.call(SampleEvents.withBody("identify.json",
                Bodies.identify("new-owner", token, "ios").toString())));
        assertEquals("new-owner", moved.get("person_id").asText(), "the default app's key moves the old token");
        assertEquals(List.of(token), Bodies.json(endpoints.call(SampleEvents.forPerson("people-devices.json", "new-owner",
                null))).get("devices").findValuesAsText("token"));
        assertEquals(0, Bodies.json(endpoints.call(SampleEvents.forPerson("people-devices.json", "old-owner", null)))
                .get("devices").size());

        harness.submit(SendingHarness.request("after-upgrade", "new-owner", "", "{\"title\":\"Hi\"}"));
        harness.drain(harness.sendRequests, event -> harness.dispatchBatch().process(event, registry.clock().instant()));
        harness.drain(harness.apnsDeliveries, event -> harness.deliveryBatch(
                AnsweringGateway.apns(delivery -> new PushResult.Accepted())).process(event, registry.clock().instant()));

        assertEquals(1, harness.summary("after-upgrade").counts().get("sent"));
        assertEquals(DeviceStatus.SENT, registry.device(token).orElseThrow().status());
    }

    @Test
    void aDeliveryGroupQueuedBeforeTheUpgradeIsSentToTheDefaultAppsDevice() {
        writePreviousVersionItems();
        registry.client().putItem(put -> put.tableName(registry.table()).item(Map.of("PK", s("SEND#queued-before"),
                "SK", s("GROUP#000000"), "entity", s("delivery_group"), "request_id", s("queued-before"),
                "provider", s("apns"), "fingerprints", AttributeValue.fromB(SdkBytes.fromByteArray(
                        ByteBuffer.allocate(Long.BYTES).putLong(GroupRecord.fingerprint(token)).array())),
                "outcomes", s("."), "expires_at", n(registry.clock().peek().plus(Duration.ofDays(14)).getEpochSecond()))));
        registry.client().putItem(put -> put.tableName(registry.table()).item(Map.of("PK", s("SEND#queued-before"),
                "SK", s("REQUEST"), "entity", s("send"), "request_id", s("queued-before"),
                "dispatched", AttributeValue.fromBool(true), "skipped", AttributeValue.fromM(Map.of()),
                "created_at", s(Timestamps.format(registered)), "decided_at", s(Timestamps.format(registered)),
                "expires_at", n(registry.clock().peek().plus(Duration.ofDays(14)).getEpochSecond()))));
        String previousVersionMessage = "{\"request_id\":\"queued-before\",\"provider\":\"apns\",\"group\":0,"
                + "\"message\":{\"title\":\"Hi\",\"data\":{},\"priority\":\"high\",\"background\":false},"
                + "\"deliveries\":[{\"slot\":0,\"token\":\"" + token + "\",\"person_id\":\"old-owner\","
                + "\"platform\":\"ios\",\"reg_version\":" + version + "}]}";
        assertFalse(previousVersionMessage.contains("app_id"));
        harness.put(harness.apnsDeliveries, previousVersionMessage);

        harness.drain(harness.apnsDeliveries, event -> harness.deliveryBatch(
                AnsweringGateway.apns(delivery -> new PushResult.Accepted())).process(event, registry.clock().instant()));

        assertEquals("done", harness.summary("queued-before").state());
        assertEquals(1, harness.summary("queued-before").counts().get("sent"));
        assertEquals(DeviceStatus.SENT, registry.device(token).orElseThrow().status());
    }

    private static AttributeValue s(String text) {
        return AttributeValue.fromS(text);
    }

    private static AttributeValue n(long number) {
        return AttributeValue.fromN(Long.toString(number));
    }
}
