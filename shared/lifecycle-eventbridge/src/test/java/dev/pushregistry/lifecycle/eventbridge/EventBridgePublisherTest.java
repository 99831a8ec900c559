package dev.pushregistry.lifecycle.eventbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pushregistry.aws.Settings;
import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.core.lifecycle.EventType;
import dev.pushregistry.core.lifecycle.RegistryEvent;
import dev.pushregistry.local.services.LocalEventBus;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The publisher over real HTTP against the local event bus, wired from settings as the lifecycle
 * function wires it: what the bus receives, an entry it refuses, a bus that cannot be reached.
 */
class EventBridgePublisherTest {
    private final LocalEventBus bus = LocalEventBus.start(0, Clock.systemUTC(), Optional.empty());

    @AfterEach
    void stopTheBus() {
        bus.close();
    }

    private EventBridgePublisher publisherTo(String endpoint) {
        return EventBridgeWiring.publisher(new Settings(Map.of("EVENT_BUS_NAME", "registry-events",
                "AWS_ENDPOINT_URL_EVENTBRIDGE", endpoint, "AWS_REGION", "eu-central-1",
                "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local")));
    }

    private static RegistryEvent registered(String token, String personId) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("platform", "ios");
        detail.put("attempt", Map.of("first", true));
        return new RegistryEvent("event-" + token, EventType.DEVICE_REGISTERED, Instant.parse("2026-12-05T10:00:00Z"),
                Optional.of("main"), Optional.of(personId), Optional.of(token), Optional.of("100"), detail);
    }

    @Test
    void eachEventReachesTheBusWithTheDeploymentsSourceItsTypeAndItsJson() {
        List<Boolean> accepted = publisherTo(bus.endpointUrl()).publish(List.of(registered("t-1", "ann"),
                registered("t-2", "bob")));

        assertEquals(List.of(true, true), accepted);
        LocalEventBus.PublishedEvent published = bus.events("t-1", "ann").get(0);
        assertEquals("registry-events", published.busName());
        assertEquals(EventBridgeWiring.DEFAULT_SOURCE, published.source());
        assertEquals("device.registered", published.detailType());
        assertEquals("event-t-1", published.detail().get("id").asText());
        assertEquals("2026-12-05T10:00:00.000Z", published.detail().get("at").asText());
        assertEquals("100", published.detail().get("sequence").asText());
        assertEquals("ios", published.detail().get("platform").asText());
        assertEquals(true, published.detail().get("attempt").get("first").asBoolean());
        assertEquals(1, bus.events("t-2", "bob").size());
    }

    @Test
    void anEntryTheBusRefusesIsAnsweredAsNotAcceptedAndTheRestAre() {
        bus.refuseNext(1);

        List<Boolean> accepted = publisherTo(bus.endpointUrl()).publish(List.of(registered("t-1", "ann"),
                registered("t-2", "bob")));

        assertEquals(List.of(false, true), accepted);
        assertEquals(List.of(), bus.events("t-1", null));
    }

    @Test
    void aBusThatCannotBeReachedIsATransientFailure() {
        String endpoint = bus.endpointUrl();
        bus.close();

        assertThrows(TransientFailure.class, () -> publisherTo(endpoint).publish(List.of(registered("t-1", "ann"))));
    }
}
