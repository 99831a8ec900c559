package dev.pushregistry.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * An app open, token refresh or permission change.
 *
 * @param device what the app reports
 * @param previousToken the token this one replaces, or {@code null}
 */
public record RegisterCommand(DeviceFields device, String previousToken) {
    public RegisterCommand {
        Objects.requireNonNull(device, "device");
    }

    /** The replaced token, when it is a different one. */
    public Optional<String> replacedToken() {
        return Optional.ofNullable(previousToken).filter(previous -> !previous.equals(device.token()));
    }
}
