package dev.pushregistry.core.sending;

import java.util.Locale;

/** Which of a person's eligible devices a send goes to. */
public enum SendTarget {
    /** Every eligible device. */
    ALL,
    /** Only the eligible device the person used most recently. */
    LAST_ACTIVE;

    /** The name used in JSON. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but {@code all} or {@code last_active} */
    public static SendTarget fromWire(String value) {
        for (SendTarget target : values()) {
            if (target.wire().equals(value)) {
                return target;
            }
        }
        throw new IllegalArgumentException("target must be all or last_active");
    }
}
