package dev.pushregistry.core.device;

import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;

/** The operating system a device runs, as apps name it. */
public enum Platform {
    IOS("ios", Provider.APNS),
    ANDROID("android", Provider.FCM);

    private final String wire;
    private final Provider defaultProvider;

    Platform(String wire, Provider defaultProvider) {
        this.wire = wire;
        this.defaultProvider = defaultProvider;
    }

    /** The name used in JSON and in the table. */
    public String wire() {
        return wire;
    }

    /** The push service an app on this platform uses unless it says otherwise. */
    public Provider defaultProvider() {
        return defaultProvider;
    }

    /** Whether apps on this platform can receive pushes through {@code provider}. */
    public boolean supports(Provider provider) {
        return this == IOS || provider == Provider.FCM;
    }

    /**
     * Reads a platform name.
     *
     * @throws RegistryException {@code invalid_platform} for any other word
     */
    public static Platform fromWire(String value) {
        for (Platform platform : values()) {
            if (platform.wire.equals(value)) {
                return platform;
            }
        }
        throw new RegistryException(ErrorCode.INVALID_PLATFORM, "platform must be ios or android", "platform");
    }
}
