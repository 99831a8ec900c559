package dev.pushregistry.lifecycle.eventbridge;

import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.core.lifecycle.EventPublisher;
import dev.pushregistry.core.lifecycle.RegistryEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes events on an EventBridge bus with {@code PutEvents}: the event's type as the
 * {@code detail-type}, its JSON ({@link EventJson}) as the {@code detail}, its time as the event's
 * time, and the deployment's source. An entry the bus refuses is answered as not accepted; a call
 * that fails as a whole (after the SDK's own retries) is a {@link TransientFailure}.
 */
public final class EventBridgePublisher implements EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(EventBridgePublisher.class);

    private final EventBridgeClient client;
    private final String busName;
    private final String source;

    /**
     * @param busName the bus's name or ARN
     * @param source the events' {@code source}, such as {@code push-registry}
     */
    public EventBridgePublisher(EventBridgeClient client, String busName, String source) {
        this.client = Objects.requireNonNull(client, "client");
        this.busName = Objects.requireNonNull(busName, "busName");
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public List<Boolean> publish(List<RegistryEvent> events) {
        if (events.size() > MAX_BATCH) {
            throw new IllegalArgumentException("PutEvents takes at most " + MAX_BATCH + " events");
        }
        PutEventsRequest request = PutEventsRequest.builder()
                .entries(events.stream().map(this::entry).toList())
                .build();
        PutEventsResponse response;
        try {
            response = client.putEvents(request);
        } catch (SdkException failure) {
            throw new TransientFailure.Unavailable("could not publish events on " + busName + ": "
                    + failure.getClass().getSimpleName(), failure);
        }
        List<PutEventsResultEntry> results = response.entries();
        List<Boolean> accepted = new ArrayList<>(events.size());
        for (int index = 0; index < events.size(); index++) {
            PutEventsResultEntry result = index < results.size() ? results.get(index) : null;
            boolean ok = result != null && result.errorCode() == null;
            if (!ok) {
                LOG.atWarn().addKeyValue("event_type", events.get(index).type().wire())
                        .addKeyValue("error_code", result == null ? "no answer" : result.errorCode())
                        .log("the event bus refused an event: {}", result == null ? "" : result.errorMessage());
            }
            accepted.add(ok);
        }
        return accepted;
    }

    private PutEventsRequestEntry entry(RegistryEvent event) {
        return PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(source)
                .detailType(event.type().wire())
                .detail(EventJson.text(event))
                .time(event.at())
                .build();
    }
}
