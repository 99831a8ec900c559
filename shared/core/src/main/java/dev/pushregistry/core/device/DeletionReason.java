package dev.pushregistry.core.device;

import java.util.Locale;

/** Why a device left the registry: every write that deletes one says which. */
public enum DeletionReason {
    /** Its owner logged out and the deployment's logout policy deletes the device. */
    LOGGED_OUT,
    /**
     * Its owner identified one device more than the deployment allows a person in one app, and it
     * was the owner's least recently used one.
     */
    DISPLACED,
    /** The push service said the token is no longer valid. */
    UNREGISTERED,
    /** The app registered a new token in its place ({@code previous_token}). */
    REFRESHED,
    /** Its owner was forgotten. */
    FORGOTTEN,
    /** It was not used for the device lifetime and the table's time to live removed it. */
    EXPIRED,
    /** Something other than the registry deleted it (by hand, say): no note says why. */
    REMOVED;

    /** The name used in JSON and in the table. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a stored name.
     *
     * @throws IllegalArgumentException for any other word
     */
    public static DeletionReason fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
