package dev.pushregistry.core.registry;

import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an app reports about its device on register and identify. Absent parts keep the value the
 * registry has (or take the default, for a new device).
 *
 * @param appId the app the device belongs to (required)
 * @param token the push token (required)
 * @param platform the platform, or {@code null}; required for a token new to the registry
 * @param provider the push service, or {@code null} for the platform's default
 * @param apnsEnvironment the APNs endpoint the token belongs to, or {@code null} (production for a
 *     new device); ignored for a device not on APNs
 * @param pushEnabled whether the user allows notifications, or {@code null}
 * @param attributes app, OS and device attributes, or {@code null}; when present they replace the
 *     stored ones whole
 * @param liveActivityStartTokens iOS push-to-start tokens by activity type: each sets (or, empty,
 *     removes) the device's token for that type; types not named are kept
 */
public record DeviceFields(String appId, String token, Platform platform, Provider provider,
                           ApnsEnvironment apnsEnvironment, Boolean pushEnabled, Map<String, String> attributes,
                           Map<String, Optional<String>> liveActivityStartTokens) {
    public DeviceFields {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(token, "token");
        attributes = attributes == null ? null : Map.copyOf(attributes);
        liveActivityStartTokens = Map.copyOf(Objects.requireNonNull(liveActivityStartTokens, "liveActivityStartTokens"));
    }

    /** Fields that report no Live Activity start tokens. */
    public DeviceFields(String appId, String token, Platform platform, Provider provider,
                        ApnsEnvironment apnsEnvironment, Boolean pushEnabled, Map<String, String> attributes) {
        this(appId, token, platform, provider, apnsEnvironment, pushEnabled, attributes, Map.of());
    }

    /** The device these fields are about. */
    public DeviceAddress address() {
        return new DeviceAddress(appId, token);
    }

    public Optional<Platform> platformIfGiven() {
        return Optional.ofNullable(platform);
    }

    public Optional<Provider> providerIfGiven() {
        return Optional.ofNullable(provider);
    }

    public Optional<ApnsEnvironment> apnsEnvironmentIfGiven() {
        return Optional.ofNullable(apnsEnvironment);
    }

    /** The provider the token must belong to, when the request says or implies one. */
    public Optional<Provider> impliedProvider() {
        return providerIfGiven().or(() -> platformIfGiven().map(Platform::defaultProvider));
    }
}
