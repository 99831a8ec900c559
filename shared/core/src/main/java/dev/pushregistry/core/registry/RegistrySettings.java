package dev.pushregistry.core.registry;

import dev.pushregistry.core.configuration.Variables;
import java.util.Objects;

/**
 * How a deployment runs the device lifecycle.
 *
 * @param logoutPolicy what remains of a device when its owner logs out
 * @param maxAttempts how many times an operation reads and tries again when a concurrent change
 *     to the same token gets in its way, before it answers {@code conflict}
 * @param maxDevicesPerPerson the most devices one person owns in one app: identifying one more
 *     displaces the person's least recently used one
 */
public record RegistrySettings(LogoutPolicy logoutPolicy, int maxAttempts, int maxDevicesPerPerson) {
    /** Ten attempts: enough for dozens of writers racing on one token. */
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    /** Twenty devices per person and app: phones, tablets and reinstalls, with room to spare. */
    public static final int DEFAULT_MAX_DEVICES_PER_PERSON = 20;
    /** The highest cap a deployment may set. */
    public static final int MAX_DEVICES_PER_PERSON_LIMIT = 1000;

    public RegistrySettings {
        Objects.requireNonNull(logoutPolicy, "logoutPolicy");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (maxDevicesPerPerson < 1 || maxDevicesPerPerson > MAX_DEVICES_PER_PERSON_LIMIT) {
            throw new IllegalArgumentException("maxDevicesPerPerson must be 1 to " + MAX_DEVICES_PER_PERSON_LIMIT);
        }
    }

    public static RegistrySettings withLogoutPolicy(LogoutPolicy logoutPolicy) {
        return new RegistrySettings(logoutPolicy, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_DEVICES_PER_PERSON);
    }

    /**
     * The settings a deployment's variables give: {@code LOGOUT_POLICY} ({@code delete}, the default,
     * or {@code anonymize}) and the device cap {@code MAX_DEVICES_PER_PERSON} (1 to
     * {@value #MAX_DEVICES_PER_PERSON_LIMIT}, default {@value #DEFAULT_MAX_DEVICES_PER_PERSON}).
     *
     * @throws IllegalStateException naming the variable whose value is not one of these
     */
    public static RegistrySettings fromVariables(Variables variables) {
        String policyName = variables.optional("LOGOUT_POLICY");
        LogoutPolicy policy;
        try {
            policy = policyName == null ? LogoutPolicy.DELETE : LogoutPolicy.fromConfiguration(policyName);
        } catch (IllegalArgumentException wrong) {
            throw new IllegalStateException("LOGOUT_POLICY: " + wrong.getMessage(), wrong);
        }
        return withLogoutPolicy(policy).withMaxDevicesPerPerson(variables.wholeNumber("MAX_DEVICES_PER_PERSON",
                DEFAULT_MAX_DEVICES_PER_PERSON, 1, MAX_DEVICES_PER_PERSON_LIMIT));
    }

    /** The same settings with another device cap. */
    public RegistrySettings withMaxDevicesPerPerson(int cap) {
        return new RegistrySettings(logoutPolicy, maxAttempts, cap);
    }
}
