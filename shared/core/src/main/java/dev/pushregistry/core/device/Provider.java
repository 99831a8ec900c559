package dev.pushregistry.core.device;

import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;

/** The push service that issued a token and delivers to it. */
public enum Provider {
    APNS("apns"),
    FCM("fcm");

    private final String wire;

    Provider(String wire) {
        this.wire = wire;
    }

    /** The name used in JSON and in the table. */
    public String wire() {
        return wire;
    }

    /**
     * Reads a provider name.
     *
     * @throws RegistryException {@code invalid_platform} for any other word
     */
    public static Provider fromWire(String value) {
        for (Provider provider : values()) {
            if (provider.wire.equals(value)) {
                return provider;
            }
        }
        throw new RegistryException(ErrorCode.INVALID_PLATFORM, "provider must be apns or fcm", "provider");
    }
}
