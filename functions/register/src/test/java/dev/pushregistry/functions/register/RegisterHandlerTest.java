package dev.pushregistry.functions.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.person.HistoryEventType;
import dev.pushregistry.store.dynamodb.fixtures.DynamoDbLocal;
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
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class RegisterHandlerTest {
    private TestRegistry registry;
    private RegisterHandler handler;

    @BeforeEach
    void setUp() {
        registry = TestRegistry.create();
        handler = new RegisterHandler(new RegisterHandler.Parts<>(LocalAws.asFunction(registry, "RegisterFunction").devices(), SampleKeys.authorizer(),
                registry.clock(), Metrics.discarding()));
    }

    @AfterEach
    void tableStaysConsistent() {
        registry.assertConsistent();
    }

    private APIGatewayV2HTTPResponse register(ObjectNode body) {
        return LambdaInvocations.http(handler, "RegisterFunction", SampleEvents.withBody("register.json", body.toString()));
    }

    @Test
    void aTableThatKeepsThrottlingIsA429ThatSaysToComeBackAndWritesNothing() {
        TestRegistry throttled = TestRegistry.usingClient(DynamoDbLocal.server().newClient(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                throw ProvisionedThroughputExceededException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                        .message("slow down").build();
            }
        }));
        RegisterHandler busy = new RegisterHandler(new RegisterHandler.Parts<>(throttled.devices(), SampleKeys.authorizer(), throttled.clock(), Metrics.discarding()));

        APIGatewayV2HTTPResponse response = LambdaInvocations.http(busy, "RegisterFunction",
                SampleEvents.withBody("register.json", Bodies.device(Tokens.apns(), "ios").toString()));

        assertEquals(429, response.getStatusCode(), response.getBody());
        assertEquals("rate_limited", Bodies.json(response).at("/error/code").asText());
        assertEquals("1", response.getHeaders().get("Retry-After"));
        assertEquals(0, throttled.itemCount());
    }

    @Test
    void sampleEventRegistersAnAnonymousUnusedDevice() {
        APIGatewayV2HTTPEvent event = SampleEvents.load("register.json");
        Instant requestTime = registry.clock().peek();
        String sentToken = Bodies.jsonText(event.getBody()).get("token").asText();
        APIGatewayV2HTTPResponse response = LambdaInvocations.http(handler, "RegisterFunction", event);

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode view = Bodies.json(response);
        assertEquals(sentToken, view.get("token").asText());
        assertEquals("ios", view.get("platform").asText());
        assertEquals("apns", view.get("provider").asText());
        assertFalse(view.has("person_id"), "an app key is told no owner");
        assertTrue(registry.device(sentToken).orElseThrow().personId().isEmpty());
        assertTrue(view.get("push_enabled").asBoolean());
        assertEquals("", view.get("_last_status").asText());
        assertEquals("2.4.0", view.get("attributes").get("app_version").asText());
        assertEquals("Europe/Berlin", view.get("attributes").get("timezone").asText());
        assertEquals(requestTime.truncatedTo(ChronoUnit.MILLIS), Instant.parse(view.get("last_used").asText()));
    }

    @Test
    void androidDefaultsToFcmAndAnIosAppMayUseFcm() {
        String android = Tokens.fcm();
        JsonNode first = Bodies.json(register(Bodies.device(android, "android")));
        assertEquals("fcm", first.get("provider").asText());

        String iosOnFcm = Tokens.fcm();
        JsonNode second = Bodies.json(register(Bodies.device(iosOnFcm, "ios").put("provider", "fcm")));
        assertEquals("ios", second.get("platform").asText());
        assertEquals("fcm", second.get("provider").asText());
    }

    @Test
    void registeringTwiceIsHarmlessAndUpdatesLastUsedAndAttributes() {
        String token = Tokens.apns();
        JsonNode first = Bodies.json(register(Bodies.device(token, "ios").put("push_enabled", true)));
        registry.clock().advance(Duration.ofHours(5));
        ObjectNode again = Bodies.device(token, "ios").put("push_enabled", false);
        again.putObject("attributes").put("app_version", "2.5.0");
        JsonNode second = Bodies.json(register(again));

        assertEquals(first.get("created_at"), second.get("created_at"));
        assertTrue(second.get("last_used").asText().compareTo(first.get("last_used").asText()) > 0);
        assertFalse(second.get("push_enabled").asBoolean());
        assertEquals(1, second.get("attributes").size());
        assertEquals("2.5.0", second.get("attributes").get("app_version").asText());
        assertEquals(1, registry.itemCount(), "one device, one item");
    }

    @Test
    void registeringNeverChangesTheOwnerNorResetsAStatus() {
        String token = registry.identifiedIosDevice("cust-1");
        registry.setStatus(token, DeviceStatus.SUPPRESSED);

        JsonNode view = Bodies.json(register(Bodies.device(token, "ios")));

        assertFalse(view.has("person_id"), "the app key is not told who owns the token");
        assertEquals(Optional.of("cust-1"), registry.device(token).orElseThrow().personId());
        assertEquals("suppressed", view.get("_last_status").asText());
        List<Device> devices = registry.people().devices("cust-1", registry.clock().instant()).devices();
        assertEquals(1, devices.size());
        assertEquals(DeviceStatus.SUPPRESSED, devices.get(0).status());
    }

    @Test
    void aRefreshMovesTheOwnerToTheNewTokenAndRemovesTheOldOneAtOnce() {
        String old = registry.identifiedIosDevice("cust-7");
        registry.setStatus(old, DeviceStatus.SENT);
        String fresh = Tokens.apns();

        JsonNode view = Bodies.json(register(Bodies.device(fresh, "ios").put("previous_token", old)));

        assertFalse(view.has("person_id"), "the app key is not told who owns the token");
        assertEquals(Optional.of("cust-7"), registry.device(fresh).orElseThrow().personId());
        assertEquals("", view.get("_last_status").asText(), "the new token starts unused");
        var person = registry.people().devices("cust-7", registry.clock().instant());
        assertEquals(List.of(fresh), person.devices().stream().map(Device::token).toList());
        assertEquals(fresh, person.lastActiveDevice().orElseThrow().token());
        List<HistoryEvent> history = registry.people().tokenHistory("cust-7", registry.clock().instant());
        assertEquals(HistoryEventType.REGISTERED, history.get(0).type());
        assertEquals(fresh, history.get(0).token());
        assertEquals(old, history.get(0).previousToken());
        assertEquals(6, registry.itemCount(),
                "token, copy, profile, two history entries and the old device's deletion note; the old device is gone");
    }

    @Test
    void aRefreshFromAnAnonymousTokenStaysAnonymous() {
        String old = Tokens.apns();
        register(Bodies.device(old, "ios"));
        String fresh = Tokens.apns();

        JsonNode view = Bodies.json(register(Bodies.device(fresh, "ios").put("previous_token", old)));

        assertFalse(view.has("person_id"));
        assertTrue(registry.device(fresh).orElseThrow().personId().isEmpty());
        assertEquals(2, registry.itemCount(), "the new token and the old one's deletion note: the old token is gone");
    }

    @Test
    void aStaleDeviceIsGoneAndRegistersAfreshAfterItsLifetime() {
        String token = registry.identifiedIosDevice("cust-3");
        registry.setStatus(token, DeviceStatus.BOUNCED);
        registry.clock().advance(TestRegistry.DEVICE_LIFETIME.plusDays(1));

        assertTrue(registry.people().devices("cust-3", registry.clock().instant()).devices().isEmpty());
        JsonNode view = Bodies.json(register(Bodies.device(token, "ios")));

        assertTrue(registry.device(token).orElseThrow().personId().isEmpty(),
                "an expired device does not come back with its owner");
        assertEquals("", view.get("_last_status").asText());
        assertEquals(view.get("last_used"), view.get("created_at"));
    }

    @Test
    void everyDeviceItemCarriesItsExpiryForDynamoDbTtl() {
        String token = Tokens.apns();
        JsonNode view = Bodies.json(register(Bodies.device(token, "ios")));
        Map<String, AttributeValue> item = registry.client().getItem(get -> get.tableName(registry.table())
                .key(Map.of("PK", AttributeValue.fromS("TOKEN#" + token), "SK", AttributeValue.fromS("TOKEN")))).item();
        long expected = Instant.parse(view.get("last_used").asText()).plus(TestRegistry.DEVICE_LIFETIME).getEpochSecond();
        assertEquals(expected, Long.parseLong(item.get("expires_at").n()));
    }

    @Test
    void anAppKeyIsNotToldWhoOwnsATokenAndAServerKeyIs() {
        String token = registry.identifiedIosDevice("cust-owner");
        JsonNode asApp = Bodies.json(register(Bodies.device(token, "ios")));
        assertFalse(asApp.has("person_id"), "whoever knows a token would learn its owner");

        APIGatewayV2HTTPEvent asServer = SampleEvents.withServerKey("register.json",
                Bodies.device(token, "ios").put("app_id", TestRegistry.APP).toString());
        JsonNode view = Bodies.json(LambdaInvocations.http(handler, "RegisterFunction", asServer));
        assertEquals("cust-owner", view.get("person_id").asText(), view.toString());
    }
}
