package dev.pushregistry.core.registry;

import dev.pushregistry.core.device.DeviceAddress;
import java.util.Objects;

/**
 * The person logged out on the device.
 *
 * @param personId who logged out
 * @param device the device (its app and token)
 */
public record LogoutCommand(String personId, DeviceAddress device) {
    public LogoutCommand {
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(device, "device");
    }
}
