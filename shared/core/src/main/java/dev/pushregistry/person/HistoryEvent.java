package dev.pushregistry.person;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a person's token history.
 *
 * @param at when it happened
 * @param type what happened
 * @param token the token it happened to
 * @param otherPersonId the person the token came from or went to, or {@code null}
 * @param previousToken for a token refresh, the token this one replaced, or {@code null}; the
 *     person no longer holds it after this event
 */
public record HistoryEvent(Instant at, HistoryEventType type, String token, String otherPersonId,
                           String previousToken) {
    public HistoryEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(token, "token");
    }

    /** An event that involves no other person and no earlier token. */
    public static HistoryEvent of(Instant at, HistoryEventType type, String token) {
        return new HistoryEvent(at, type, token, null, null);
    }

    public Optional<String> otherPerson() {
        return Optional.ofNullable(otherPersonId);
    }

    public Optional<String> replacedToken() {
        return Optional.ofNullable(previousToken);
    }
}
