package dev.pushregistry.core.device;

import dev.pushregistry.core.error.RegistryException;

/**
 * Which APNs endpoint accepts a device's token: a development build of an iOS app gets tokens that
 * only the development endpoint accepts, the App Store and TestFlight builds production ones.
 */
public enum ApnsEnvironment {
    PRODUCTION("production"),
    DEVELOPMENT("development");

    private final String wire;

    ApnsEnvironment(String wire) {
        this.wire = wire;
    }

    /** The name used in JSON and in the table. */
    public String wire() {
        return wire;
    }

    /**
     * Reads an environment name.
     *
     * @param field where it was read, for the error
     * @throws RegistryException {@code invalid_json} for any other word
     */
    public static ApnsEnvironment fromWire(String value, String field) {
        for (ApnsEnvironment environment : values()) {
            if (environment.wire.equals(value)) {
                return environment;
            }
        }
        throw RegistryException.invalidJson(field, field + " must be production or development");
    }
}
