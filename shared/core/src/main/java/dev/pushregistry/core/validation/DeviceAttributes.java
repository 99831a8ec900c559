package dev.pushregistry.core.validation;

import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The limits on a device's attributes: at most 30 keys, 1 KB of keys and values in all. */
public final class DeviceAttributes {
    public static final int MAX_KEYS = 30;
    public static final int MAX_BYTES = 1024;

    private DeviceAttributes() {
    }

    /** @throws RegistryException {@code payload_too_large} or {@code invalid_json} */
    public static Map<String, String> check(Map<String, String> attributes, String field) {
        if (attributes.size() > MAX_KEYS) {
            throw new RegistryException(ErrorCode.PAYLOAD_TOO_LARGE,
                    field + " may have at most " + MAX_KEYS + " keys", field);
        }
        int bytes = 0;
        for (Map.Entry<String, String> entry : attributes.entrySet()) {
            if (entry.getKey().isEmpty()) {
                throw RegistryException.invalidJson(field, field + " keys must not be empty");
            }
            bytes += entry.getKey().getBytes(StandardCharsets.UTF_8).length
                    + entry.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > MAX_BYTES) {
            throw new RegistryException(ErrorCode.PAYLOAD_TOO_LARGE,
                    field + " may hold at most " + MAX_BYTES + " bytes of keys and values", field);
        }
        return attributes;
    }
}
