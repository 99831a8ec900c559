package dev.pushregistry.core.device;

/**
 * What the last push handed to the push service did for a device ({@code _last_status}), and the
 * rules by which it changes.
 */
public enum DeviceStatus {
    /** Never pushed, or reset by identify after failures. */
    UNUSED("unused", ""),
    /** The push service accepted the last push. */
    SENT("sent", "sent"),
    /** The last push failed permanently once. */
    BOUNCED("bounced", "bounced"),
    /** The last two pushes failed permanently in a row: no send goes to this device. */
    SUPPRESSED("suppressed", "suppressed");

    private final String stored;
    private final String wire;

    DeviceStatus(String stored, String wire) {
        this.stored = stored;
        this.wire = wire;
    }

    /** The value kept in the table (never empty, so it reads well in the console). */
    public String stored() {
        return stored;
    }

    /** The value of {@code _last_status} in the API ({@code ""} for unused). */
    public String wire() {
        return wire;
    }

    /** The status after the person logs in on the device: failures are forgiven, success is kept. */
    public DeviceStatus afterIdentify() {
        return this == BOUNCED || this == SUPPRESSED ? UNUSED : this;
    }

    /**
     * The status after the push service refused the token for good: {@link #BOUNCED} the first
     * time, {@link #SUPPRESSED} when it was bounced already (and it stays suppressed).
     */
    public DeviceStatus afterPermanentFailure() {
        return this == BOUNCED || this == SUPPRESSED ? SUPPRESSED : BOUNCED;
    }

    /** Reads the stored value. */
    public static DeviceStatus fromStored(String value) {
        for (DeviceStatus status : values()) {
            if (status.stored.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown stored device status: " + value);
    }
}
