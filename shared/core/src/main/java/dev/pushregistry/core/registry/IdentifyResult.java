package dev.pushregistry.core.registry;

import dev.pushregistry.core.device.Device;
import java.util.Objects;
import java.util.Optional;

/**
 * The device after identify.
 *
 * @param device the device, now owned by the person
 * @param movedFrom the person the token was taken from, or {@code null}
 */
public record IdentifyResult(Device device, String movedFrom) {
    public IdentifyResult {
        Objects.requireNonNull(device, "device");
    }

    public Optional<String> previousOwner() {
        return Optional.ofNullable(movedFrom);
    }
}
