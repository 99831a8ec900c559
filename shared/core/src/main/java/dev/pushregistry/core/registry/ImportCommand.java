package dev.pushregistry.core.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One device brought in from another system: what an app would report about it, its owner, and
 * when it was last used there.
 *
 * @param device the device's fields; its platform is required
 * @param personId its owner, or empty for an anonymous device
 * @param lastUsed when the other system last saw it: an import never replaces a registration as new
 *     as this or newer
 */
public record ImportCommand(DeviceFields device, Optional<String> personId, Instant lastUsed) {
    public ImportCommand {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(lastUsed, "lastUsed");
        if (device.platform() == null) {
            throw new IllegalArgumentException("an imported device names its platform");
        }
    }
}
