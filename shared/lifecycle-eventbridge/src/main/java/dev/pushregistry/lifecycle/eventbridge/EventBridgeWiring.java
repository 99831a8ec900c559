package dev.pushregistry.lifecycle.eventbridge;

import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import java.util.Objects;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The event bus as a function uses it, from its settings: {@code EVENT_BUS_NAME} (the bus's name or
 * ARN), {@code EVENT_SOURCE} (the events' {@code source}, {@value #DEFAULT_SOURCE} unless set) and
 * {@code AWS_ENDPOINT_URL_EVENTBRIDGE} for a bus elsewhere than AWS (the local stack's).
 */
public final class EventBridgeWiring {
    /** The events' {@code source} unless {@code EVENT_SOURCE} says otherwise. */
    public static final String DEFAULT_SOURCE = "push-registry";

    private EventBridgeWiring() {
    }

    /**
     * A publisher on the bus the settings name.
     *
     * @throws IllegalStateException when {@code EVENT_BUS_NAME} is not set
     */
    public static EventBridgePublisher publisher(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        String bus = settings.required("EVENT_BUS_NAME");
        String source = settings.optional("EVENT_SOURCE");
        EventBridgeClient client = AwsClients.from(settings).build(EventBridgeClient.builder(), "EVENTBRIDGE");
        return new EventBridgePublisher(client, bus, source == null ? DEFAULT_SOURCE : source);
    }
}
