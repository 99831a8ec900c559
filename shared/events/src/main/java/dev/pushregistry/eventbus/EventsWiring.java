package dev.pushregistry.eventbus;

import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.events.EventPublisher;
import dev.pushregistry.events.EventRelay;
import dev.pushregistry.store.TableWiring;
import dev.pushregistry.telemetry.Metrics;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The events side of a function from its settings: {@code EVENT_BUS_NAME} (the bus's name or ARN),
 * {@code EVENT_SOURCE} (the events' {@code source}, {@value #DEFAULT_SOURCE} unless set), the
 * table's settings (see {@link TableWiring}) for the send summaries, and
 * {@code AWS_ENDPOINT_URL_EVENTBRIDGE} for a bus elsewhere than AWS (the local stack's).
 */
public final class EventsWiring {
    /** The events' {@code source} unless {@code EVENT_SOURCE} says otherwise. */
    public static final String DEFAULT_SOURCE = "push-registry";

    private EventsWiring() {
    }

    /** A stream batch publishing on the bus the settings name. */
    public static StreamBatch streamBatch(Settings settings) {
        String bus = settings.required("EVENT_BUS_NAME");
        String source = settings.optional("EVENT_SOURCE");
        EventBridgeClient client = AwsClients.from(settings).build(EventBridgeClient.builder(), "EVENTBRIDGE");
        return streamBatch(settings, new EventBridgePublisher(client, bus, source == null ? DEFAULT_SOURCE : source));
    }

    /** A stream batch publishing through {@code publisher}. */
    public static StreamBatch streamBatch(Settings settings, EventPublisher publisher) {
        TableWiring table = TableWiring.from(settings);
        return new StreamBatch(table.tableStream(), new EventRelay(publisher, table.sendStore()),
                Metrics.from(settings));
    }
}
