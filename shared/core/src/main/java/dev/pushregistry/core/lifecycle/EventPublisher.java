package dev.pushregistry.core.lifecycle;

import java.util.List;

/** Where events go (EventBridge deployed, the local event bus on this machine). */
public interface EventPublisher {
    /** How many events one {@link #publish} call takes at most. */
    int MAX_BATCH = 10;

    /**
     * Publishes up to {@link #MAX_BATCH} events.
     *
     * @return for each event in order, whether it was accepted
     * @throws dev.pushregistry.core.error.TransientFailure when none could be published (the bus could
     *     not be reached, or throttled)
     */
    List<Boolean> publish(List<RegistryEvent> events);
}
