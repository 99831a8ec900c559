package dev.pushregistry.core.registry;

import java.util.Objects;

/**
 * The app learned who its user is.
 *
 * @param personId the person who is now the token's owner
 * @param device what the app reports
 */
public record IdentifyCommand(String personId, DeviceFields device) {
    public IdentifyCommand {
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(device, "device");
    }
}
