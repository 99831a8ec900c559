package dev.pushregistry.core.registry;

import dev.pushregistry.core.device.DeviceAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * An app open, token refresh or permission change.
 *
 * @param device what the app reports
 * @param previousToken the token this one replaces (in the same app), or {@code null}
 */
public record RegisterCommand(DeviceFields device, String previousToken) {
    public RegisterCommand {
        Objects.requireNonNull(device, "device");
    }

    /** The replaced device, when the previous token is a different one: it is looked up in the same app. */
    public Optional<DeviceAddress> replaced() {
        return Optional.ofNullable(previousToken).filter(previous -> !previous.equals(device.token()))
                .map(previous -> new DeviceAddress(device.appId(), previous));
    }
}
