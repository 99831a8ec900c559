package dev.pushregistry.registry;

import java.util.Objects;

/**
 * How a deployment runs the device lifecycle.
 *
 * @param logoutPolicy what remains of a device when its owner logs out
 * @param maxAttempts how many times an operation reads and tries again when a concurrent change
 *     to the same token gets in its way, before it answers {@code conflict}
 */
public record RegistrySettings(LogoutPolicy logoutPolicy, int maxAttempts) {
    /** Ten attempts: enough for dozens of writers racing on one token. */
    public static final int DEFAULT_MAX_ATTEMPTS = 10;

    public RegistrySettings {
        Objects.requireNonNull(logoutPolicy, "logoutPolicy");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public static RegistrySettings withLogoutPolicy(LogoutPolicy logoutPolicy) {
        return new RegistrySettings(logoutPolicy, DEFAULT_MAX_ATTEMPTS);
    }
}
