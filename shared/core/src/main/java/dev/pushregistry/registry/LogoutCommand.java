package dev.pushregistry.registry;

import java.util.Objects;

/**
 * The person logged out on the device.
 *
 * @param personId who logged out
 * @param token the device's token
 */
public record LogoutCommand(String personId, String token) {
    public LogoutCommand {
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(token, "token");
    }
}
