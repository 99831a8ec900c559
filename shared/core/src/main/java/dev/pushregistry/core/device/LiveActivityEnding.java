package dev.pushregistry.core.device;

import java.util.Locale;

/** Why a Live Activity left its device ({@code live_activity.ended}'s {@code reason}). */
public enum LiveActivityEnding {
    /** The app said it ended, or registered so many others that it was let go. */
    APP,
    /** APNs called its update token unregistered or bad. */
    UNREGISTERED,
    /** Its device went: deleted, logged out, moved to another person, refreshed or forgotten. */
    DEVICE_GONE;

    /** As events name it: {@code app}, {@code unregistered}, {@code device_gone}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for another name */
    public static LiveActivityEnding fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
