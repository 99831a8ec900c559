package dev.pushregistry.eventbus;

import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.events.EventPublisher;
import dev.pushregistry.events.EventRelay;
import dev.pushregistry.events.RelayStore;
import dev.pushregistry.store.StreamImages;
import dev.pushregistry.telemetry.Metrics;
import java.util.Objects;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The events side of a function from its settings: {@code EVENT_BUS_NAME} (the bus's name or ARN),
 * {@code EVENT_SOURCE} (the events' {@code source}, {@value #DEFAULT_SOURCE} unless set),
 * {@code AWS_ENDPOINT_URL_EVENTBRIDGE} for a bus elsewhere than AWS (the local stack's), and the
 * metrics' namespace.
 */
public final class EventsWiring {
    /** The events' {@code source} unless {@code EVENT_SOURCE} says otherwise. */
    public static final String DEFAULT_SOURCE = "push-registry";

    private final Settings settings;

    private EventsWiring(Settings settings) {
        this.settings = settings;
    }

    /** The events side of the function these settings are for. */
    public static EventsWiring from(Settings settings) {
        return new EventsWiring(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * A stream batch publishing on the bus the settings name.
     *
     * @param images what the table's stream records mean
     * @param sends the send summaries and completion claims
     * @throws IllegalStateException when {@code EVENT_BUS_NAME} is not set
     */
    public StreamBatch streamBatch(StreamImages images, RelayStore sends) {
        String bus = settings.required("EVENT_BUS_NAME");
        String source = settings.optional("EVENT_SOURCE");
        EventBridgeClient client = AwsClients.from(settings).build(EventBridgeClient.builder(), "EVENTBRIDGE");
        return streamBatch(images, sends,
                new EventBridgePublisher(client, bus, source == null ? DEFAULT_SOURCE : source));
    }

    /** A stream batch publishing through {@code publisher}. */
    public StreamBatch streamBatch(StreamImages images, RelayStore sends, EventPublisher publisher) {
        return new StreamBatch(images, new EventRelay(publisher, sends), Metrics.from(settings));
    }
}
