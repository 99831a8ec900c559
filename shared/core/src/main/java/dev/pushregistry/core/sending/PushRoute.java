package dev.pushregistry.core.sending;

import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.Provider;
import java.util.Objects;

/**
 * Where and with what a push goes out: the credentials of the device's app and, for APNs, the
 * endpoint of the token's environment. Pushes of one route share one client, and a batch's bad
 * tokens are judged per route.
 *
 * @param appId the app whose credentials sign the push
 * @param apnsEnvironment the APNs endpoint (always production for other push services)
 */
public record PushRoute(String appId, ApnsEnvironment apnsEnvironment) {
    public PushRoute {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(apnsEnvironment, "apnsEnvironment");
    }

    /** How a message names the route: {@code app demo} or {@code app demo (APNs development)}. */
    public String describe(Provider provider) {
        return provider == Provider.APNS ? "app " + appId + " (APNs " + apnsEnvironment.wire() + ")" : "app " + appId;
    }
}
