package dev.pushregistry.core.person;

import dev.pushregistry.core.device.DeviceAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a person's token history.
 *
 * @param at when it happened
 * @param type what happened
 * @param device the device it happened to: its app and token
 * @param otherPersonId the person the token came from or went to, or {@code null}
 * @param previousToken for a token refresh, the token (of the same app) this one replaced, or
 *     {@code null}; the person no longer holds it after this event
 */
public record HistoryEvent(Instant at, HistoryEventType type, DeviceAddress device, String otherPersonId,
                           String previousToken) {
    public HistoryEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(device, "device");
    }

    /** An event that involves no other person and no earlier token. */
    public static HistoryEvent of(Instant at, HistoryEventType type, DeviceAddress device) {
        return new HistoryEvent(at, type, device, null, null);
    }

    public String token() {
        return device.token();
    }

    public String appId() {
        return device.appId();
    }

    public Optional<String> otherPerson() {
        return Optional.ofNullable(otherPersonId);
    }

    public Optional<String> replacedToken() {
        return Optional.ofNullable(previousToken);
    }
}
