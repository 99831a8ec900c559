package dev.pushregistry.core.lifecycle;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One event as published.
 *
 * @param id the same every time the change that caused it is read, so that a consumer drops the
 *     copies at-least-once delivery brings
 * @param type what happened
 * @param at when the change took effect
 * @param appId the device's app; empty for {@code person.forgotten} and {@code send.completed}
 * @param personId whose device it concerns (the new owner when a token moves), if anyone's
 * @param token the device's token, for device events
 * @param sequence the table stream's sequence number of the change, which grows for each item: the
 *     order of one device's events (EventBridge itself keeps none); empty for {@code send.completed}
 * @param detail what the type adds, in a fixed order: texts, numbers, booleans and nested maps of
 *     those
 */
public record RegistryEvent(String id, EventType type, Instant at, Optional<String> appId, Optional<String> personId,
                            Optional<String> token, Optional<String> sequence, Map<String, Object> detail) {
    public RegistryEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(sequence, "sequence");
        detail = Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    }

    @Override
    public String toString() {
        return type.wire() + " " + id;
    }
}
