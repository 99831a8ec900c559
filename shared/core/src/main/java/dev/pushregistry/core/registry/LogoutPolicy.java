package dev.pushregistry.core.registry;

import java.util.Locale;

/** What remains of a device when its owner logs out. */
public enum LogoutPolicy {
    /** The device is removed (the default). */
    DELETE,
    /** The device stays, as an anonymous device that no campaign can reach. */
    ANONYMIZE;

    /**
     * Reads a configured policy name.
     *
     * @throws IllegalArgumentException for anything but {@code delete} or {@code anonymize}
     */
    public static LogoutPolicy fromConfiguration(String value) {
        for (LogoutPolicy policy : values()) {
            if (policy.name().equalsIgnoreCase(value)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("logout policy must be delete or anonymize, not '" + value + "'");
    }

    public String configurationName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
