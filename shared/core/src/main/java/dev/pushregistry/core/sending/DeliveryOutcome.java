package dev.pushregistry.core.sending;

import java.util.Locale;

/** How one delivery ended. Each delivery gets exactly one outcome, recorded once. */
public enum DeliveryOutcome {
    /** The push service accepted the push. */
    SENT,
    /** The push service refused the token for good; the device is now {@code bounced}. */
    BOUNCED,
    /** A second permanent failure in a row; the device is now {@code suppressed}. */
    SUPPRESSED,
    /** The push service said the token no longer exists; the device was deleted. */
    DELETED,
    /**
     * The device changed between planning and verdict (moved, logged out, deleted, re-registered):
     * no push went to a device that stopped being the person's, and no verdict touched a newer
     * registration.
     */
    SKIPPED_STALE,
    /** The device was suppressed by the time the push was due. */
    SKIPPED_SUPPRESSED,
    /** The user turned notifications off by the time a visible push was due. */
    SKIPPED_PUSH_DISABLED,
    /** Not the device's fault (configuration, or transient trouble beyond the retry budget): dead-lettered. */
    FAILED;

    /** The name used in JSON and in the table. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a stored name. */
    public static DeliveryOutcome fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
