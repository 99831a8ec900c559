package dev.pushregistry.core.device;

import java.util.Objects;

/**
 * What names a device: its app and its token. The same token string registered by two apps is two
 * devices.
 *
 * @param appId the app that registered it
 * @param token the push token
 */
public record DeviceAddress(String appId, String token) {
    public DeviceAddress {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(token, "token");
    }

    /** Never prints the token in full: tokens are personal data. */
    @Override
    public String toString() {
        return appId + "/" + TokenMask.mask(token);
    }
}
