package dev.pushregistry.core.person;

import java.util.Locale;

/** What happened to one of a person's tokens. */
public enum HistoryEventType {
    /** The token came to the person from another person. */
    MOVED_IN(true),
    /** The token left the person for another person. */
    MOVED_OUT(false),
    /** The token became the person's without leaving anyone (new, anonymous, or a refresh). */
    REGISTERED(true),
    /** The person logged out on the device. */
    LOGGED_OUT(false),
    /** The push service said the token is gone, and it was deleted. */
    DELETED_UNREGISTERED(false),
    /** Two permanent failures in a row: sends to the token stopped. */
    SUPPRESSED(true),
    /** The person logged in on a bounced or suppressed device and its status was reset. */
    RESET(true);

    private final boolean personHoldsTokenAfter;

    HistoryEventType(boolean personHoldsTokenAfter) {
        this.personHoldsTokenAfter = personHoldsTokenAfter;
    }

    /** Whether the person owns the token right after an event of this type. */
    public boolean personHoldsTokenAfter() {
        return personHoldsTokenAfter;
    }

    /** The name used in JSON and in the table. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a stored or JSON name. */
    public static HistoryEventType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
