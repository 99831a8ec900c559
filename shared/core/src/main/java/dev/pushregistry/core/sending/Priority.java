package dev.pushregistry.core.sending;

import java.util.Locale;

/** How urgently the push service should deliver a push. */
public enum Priority {
    /** Deliver at once and wake the device (APNs priority 10, FCM {@code HIGH}). */
    HIGH,
    /** Deliver when convenient for the device's battery (APNs priority 5, FCM {@code NORMAL}). */
    NORMAL;

    /** The name used in JSON. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but {@code high} or {@code normal} */
    public static Priority fromWire(String value) {
        for (Priority priority : values()) {
            if (priority.wire().equals(value)) {
                return priority;
            }
        }
        throw new IllegalArgumentException("priority must be high or normal");
    }
}
