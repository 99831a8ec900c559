package dev.pushregistry.functions.identify;

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
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.telemetry.Metrics;
import dev.pushregistry.testing.Bodies;
import dev.pushregistry.testing.LambdaInvocations;
import dev.pushregistry.testing.LocalAws;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SampleKeys;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentifyHandlerTest {
    private TestRegistry registry;
    private IdentifyHandler handler;

    @BeforeEach
    void setUp() {
        registry = TestRegistry.create();
        handler = new IdentifyHandler(new IdentifyHandler.Parts<>(LocalAws.asFunction(registry, "IdentifyFunction").devices(), SampleKeys.authorizer(),
                registry.clock(), Metrics.discarding()));
    }

    @AfterEach
    void tableStaysConsistent() {
        registry.assertConsistent();
    }

    private APIGatewayV2HTTPResponse identify(ObjectNode body) {
        return LambdaInvocations.http(handler, "IdentifyFunction", SampleEvents.withBody("identify.json", body.toString()));
    }

    private List<String> tokensOf(String person) {
        return registry.people().devices(person, registry.clock().instant()).devices().stream().map(Device::token).toList();
    }

    @Test
    void sampleEventMakesThePersonTheOwnerOfANewToken() {
        APIGatewayV2HTTPResponse response = LambdaInvocations.http(handler, "IdentifyFunction",
                SampleEvents.load("identify.json"));

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode view = Bodies.json(response);
        assertEquals("cust-42", view.get("person_id").asText());
        assertFalse(view.has("moved_from"));
        assertEquals(List.of(view.get("token").asText()), tokensOf("cust-42"));
        List<HistoryEvent> history = registry.people().tokenHistory("cust-42", registry.clock().instant());
        assertEquals(List.of(HistoryEventType.REGISTERED), history.stream().map(HistoryEvent::type).toList());
    }

    @Test
    void aNewTokenNeedsItsPlatform() {
        APIGatewayV2HTTPResponse response = identify(Bodies.object().put("person_id", "cust-1").put("token", Tokens.apns()));

        assertEquals(400, response.getStatusCode());
        assertEquals("missing_field", Bodies.json(response).get("error").get("code").asText());
        assertEquals("platform", Bodies.json(response).get("error").get("field").asText());
        assertEquals(0, registry.itemCount());
    }

    @Test
    void aKnownTokenNeedsNoPlatform() {
        String token = Tokens.fcm();
        registry.devices().register(new dev.pushregistry.core.registry.RegisterCommand(
                new dev.pushregistry.core.registry.DeviceFields(TestRegistry.APP, token, dev.pushregistry.core.device.Platform.ANDROID,
                        null, null, null, null),
                null), registry.clock().instant());

        JsonNode view = Bodies.json(identify(Bodies.object().put("person_id", "cust-1").put("token", token)));

        assertEquals("android", view.get("platform").asText());
        assertEquals("cust-1", view.get("person_id").asText());
    }

    @Test
    void aTokenOwnedBySomeoneElseMovesToTheNewPersonWithHistoryOnBothSides() {
        String token = registry.identifiedIosDevice("cust-7");
        registry.setStatus(token, DeviceStatus.SENT);

        JsonNode view = Bodies.json(identify(Bodies.identify("cust-42", token, "ios")));

        assertEquals("cust-42", view.get("person_id").asText(), "the person the request named");
        assertFalse(view.has("moved_from"), "an app key is not told who owned the token");
        assertEquals("sent", view.get("_last_status").asText(), "sent stays sent");
        assertEquals(List.of(), tokensOf("cust-7"));
        assertEquals(List.of(token), tokensOf("cust-42"));

        HistoryEvent out = registry.people().tokenHistory("cust-7", registry.clock().instant()).get(0);
        assertEquals(HistoryEventType.MOVED_OUT, out.type());
        assertEquals("cust-42", out.otherPersonId());
        assertEquals(token, out.token());
        HistoryEvent in = registry.people().tokenHistory("cust-42", registry.clock().instant()).get(0);
        assertEquals(HistoryEventType.MOVED_IN, in.type());
        assertEquals("cust-7", in.otherPersonId());
        assertEquals(out.at(), in.at());
    }

    @ParameterizedTest
    @CsvSource({"BOUNCED, ''", "SUPPRESSED, ''", "SENT, sent", "UNUSED, ''"})
    void identifyForgivesFailuresButKeepsSuccess(DeviceStatus before, String expected) {
        String token = registry.identifiedIosDevice("cust-5");
        registry.setStatus(token, before);

        JsonNode view = Bodies.json(identify(Bodies.identify("cust-5", token, "ios")));

        assertEquals(expected, view.get("_last_status").asText());
        HistoryEventType newest = registry.people().tokenHistory("cust-5", registry.clock().instant()).get(0).type();
        boolean reset = before == DeviceStatus.BOUNCED || before == DeviceStatus.SUPPRESSED;
        assertEquals(reset ? HistoryEventType.RESET : HistoryEventType.REGISTERED, newest);
    }

    @Test
    void identifyMakesTheDeviceThePersonsLastActiveOne() {
        String older = registry.identifiedIosDevice("cust-9");
        String newer = registry.identifiedIosDevice("cust-9");
        assertEquals(newer, registry.people().devices("cust-9", registry.clock().instant()).lastActiveDevice().orElseThrow().token());

        identify(Bodies.identify("cust-9", older, "ios"));

        var person = registry.people().devices("cust-9", registry.clock().instant());
        assertEquals(older, person.lastActiveDevice().orElseThrow().token());
        assertEquals(List.of(older, newer), person.devices().stream().map(Device::token).toList());
    }

    @Test
    void identifyingAgainChangesNobodyAndAddsNoHistory() {
        String token = registry.identifiedIosDevice("cust-2");
        JsonNode view = Bodies.json(identify(Bodies.identify("cust-2", token, "ios")));

        assertFalse(view.has("moved_from"));
        assertEquals(1, registry.people().tokenHistory("cust-2", registry.clock().instant()).size());
        assertTrue(view.get("last_used").asText().compareTo(view.get("created_at").asText()) > 0);
    }

    @Test
    void aServerKeyIsToldWhomATokenMovedFrom() {
        String token = registry.identifiedIosDevice("cust-8");
        APIGatewayV2HTTPEvent event = SampleEvents.withServerKey("identify.json",
                Bodies.identify("cust-9", token, "ios").put("app_id", TestRegistry.APP).toString());

        JsonNode view = Bodies.json(LambdaInvocations.http(handler, "IdentifyFunction", event));

        assertEquals("cust-8", view.get("moved_from").asText(), view.toString());
        assertEquals("cust-9", view.get("person_id").asText());
    }
}
