package dev.pushregistry.functions.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pushregistry.core.registry.LogoutCommand;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.telemetry.Metrics;
import dev.pushregistry.testing.Bodies;
import dev.pushregistry.testing.LambdaInvocations;
import dev.pushregistry.testing.LocalAws;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SampleKeys;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PeopleHandlerTest {
    private TestRegistry registry;
    private PeopleHandler handler;

    @BeforeEach
    void setUp() {
        registry = TestRegistry.create();
        handler = new PeopleHandler(new PeopleHandler.Parts<>(LocalAws.asFunction(registry, "PeopleFunction").people(), SampleKeys.authorizer(),
                registry.clock(), Metrics.discarding()));
    }

    @AfterEach
    void tableStaysConsistent() {
        registry.assertConsistent();
    }

    private APIGatewayV2HTTPResponse call(String sample, String person, String body) {
        return LambdaInvocations.http(handler, "PeopleFunction", SampleEvents.forPerson(sample, person, body));
    }

    @Test
    void devicesOfAnUnknownPersonIsNotFound() {
        APIGatewayV2HTTPResponse response = LambdaInvocations.http(handler, "PeopleFunction", SampleEvents.load("people-devices.json"));

        assertEquals(404, response.getStatusCode());
        assertEquals("not_found", Bodies.json(response).get("error").get("code").asText());
        assertEquals(404, LambdaInvocations.http(handler, "PeopleFunction", SampleEvents.load("people-token-history.json")).getStatusCode());
    }

    @Test
    void devicesListsEveryDeviceMostRecentFirstWithTheLastActiveToken() {
        String first = registry.identifiedIosDevice("cust-42");
        String second = registry.identifiedIosDevice("cust-42");

        JsonNode body = Bodies.json(LambdaInvocations.http(handler, "PeopleFunction", SampleEvents.load("people-devices.json")));

        assertEquals("cust-42", body.get("person_id").asText());
        assertFalse(body.get("unsubscribed").asBoolean());
        assertEquals(second, body.get("last_active_token").asText());
        List<String> tokens = new ArrayList<>();
        body.get("devices").forEach(device -> tokens.add(device.get("token").asText()));
        assertEquals(List.of(second, first), tokens);
        JsonNode view = body.get("devices").get(0);
        for (String field : List.of("token", "platform", "provider", "person_id", "push_enabled", "_last_status",
                "last_used", "created_at", "attributes")) {
            assertTrue(view.has(field), field);
        }
    }

    @Test
    void tokenHistoryIsNewestFirst() {
        String token = registry.identifiedIosDevice("cust-42");
        registry.devices().logout(new LogoutCommand("cust-42", TestRegistry.at(token)), registry.clock().instant());

        JsonNode events = Bodies.json(LambdaInvocations.http(handler, "PeopleFunction", SampleEvents.load("people-token-history.json")))
                .get("events");

        assertEquals(2, events.size());
        assertEquals("logged_out", events.get(0).get("type").asText());
        assertEquals("registered", events.get(1).get("type").asText());
        assertEquals(token, events.get(1).get("token").asText());
        assertTrue(events.get(1).get("other_person_id").isNull());
        assertTrue(events.get(0).get("at").asText().compareTo(events.get(1).get("at").asText()) > 0);
    }

    @Test
    void putSetsUnsubscribedEvenBeforeThePersonHasADevice() {
        APIGatewayV2HTTPResponse response = LambdaInvocations.http(handler, "PeopleFunction", SampleEvents.load("people-update.json"));

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertTrue(Bodies.json(response).get("unsubscribed").asBoolean());
        JsonNode devices = Bodies.json(LambdaInvocations.http(handler, "PeopleFunction", SampleEvents.load("people-devices.json")));
        assertTrue(devices.get("unsubscribed").asBoolean());
        assertEquals(0, devices.get("devices").size());

        JsonNode back = Bodies.json(call("people-update.json", "cust-42", "{\"unsubscribed\": false}"));
        assertFalse(back.get("unsubscribed").asBoolean());
    }

    @Test
    void forgetRemovesDevicesProfileAndHistoryButNotOtherPeople() {
        registry.identifiedIosDevice("cust-42");
        registry.identifiedIosDevice("cust-42");
        String othersToken = registry.identifiedIosDevice("cust-7");
        call("people-update.json", "cust-42", null);
        List<String> others = registry.snapshot().stream().filter(item -> item.contains(othersToken)).toList();

        assertEquals(204, LambdaInvocations.http(handler, "PeopleFunction", SampleEvents.load("people-forget.json")).getStatusCode());

        assertEquals(404, LambdaInvocations.http(handler, "PeopleFunction", SampleEvents.load("people-devices.json")).getStatusCode());
        assertEquals(404, LambdaInvocations.http(handler, "PeopleFunction", SampleEvents.load("people-token-history.json")).getStatusCode());
        assertTrue(registry.snapshot().stream().noneMatch(item -> item.contains("cust-42")), "nothing about cust-42 is left");
        assertEquals(others, registry.snapshot().stream().filter(item -> item.contains(othersToken)).toList());
        assertEquals(204, LambdaInvocations.http(handler, "PeopleFunction", SampleEvents.load("people-forget.json")).getStatusCode(),
                "forgetting twice is harmless");
    }

    @Test
    void anUnknownRouteIsNotFound() {
        var event = SampleEvents.load("people-devices.json");
        event.setRouteKey("GET /v1/people/{person_id}/secrets");
        assertEquals(404, LambdaInvocations.http(handler, "PeopleFunction", event).getStatusCode());
    }
}
