package dev.pushregistry.aws;

import dev.pushregistry.registry.DeviceRegistry;
import dev.pushregistry.registry.LogoutPolicy;
import dev.pushregistry.registry.PersonDirectory;
import dev.pushregistry.registry.RegistrySettings;
import dev.pushregistry.store.DynamoDbRegistryStore;
import dev.pushregistry.store.RegistryStore;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * The registry wired from a function's environment variables, once per container:
 *
 * <ul>
 *   <li>{@code TABLE_NAME} (required): the registry table;</li>
 *   <li>{@code AWS_REGION} (required, set by Lambda);</li>
 *   <li>{@code LOGOUT_POLICY}: {@code delete} (default) or {@code anonymize};</li>
 *   <li>{@code STALE_DEVICE_DAYS}: days after {@code last_used} a device expires (default 270);</li>
 *   <li>{@code HISTORY_RETENTION_DAYS}: days token-history entries are kept (default 365).</li>
 * </ul>
 *
 * A missing or malformed setting stops the function at start-up with a message naming it.
 */
public final class RegistryEnvironment {
    public static final int DEFAULT_STALE_DEVICE_DAYS = 270;
    public static final int DEFAULT_HISTORY_RETENTION_DAYS = 365;

    private final RegistryStore store;
    private final RegistrySettings settings;

    private RegistryEnvironment(RegistryStore store, RegistrySettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** Reads this process's environment. */
    public static RegistryEnvironment fromSystem() {
        return from(System.getenv());
    }

    /** Reads the given variables. */
    public static RegistryEnvironment from(Map<String, String> environment) {
        String table = required(environment, "TABLE_NAME");
        Region region = Region.of(required(environment, "AWS_REGION"));
        LogoutPolicy policy;
        try {
            policy = LogoutPolicy.fromConfiguration(environment.getOrDefault("LOGOUT_POLICY", "delete"));
        } catch (IllegalArgumentException wrong) {
            throw new IllegalStateException("LOGOUT_POLICY: " + wrong.getMessage(), wrong);
        }
        Duration deviceLifetime = Duration.ofDays(
                positiveInt(environment, "STALE_DEVICE_DAYS", DEFAULT_STALE_DEVICE_DAYS));
        Duration historyRetention = Duration.ofDays(
                positiveInt(environment, "HISTORY_RETENTION_DAYS", DEFAULT_HISTORY_RETENTION_DAYS));
        RegistryStore store = new DynamoDbRegistryStore(AwsClients.dynamoDb(region), table, deviceLifetime,
                historyRetention);
        return new RegistryEnvironment(store, RegistrySettings.withLogoutPolicy(policy));
    }

    public DeviceRegistry deviceRegistry() {
        return new DeviceRegistry(store, settings);
    }

    public PersonDirectory personDirectory() {
        return new PersonDirectory(store);
    }

    private static String required(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set");
        }
        return value;
    }

    private static int positiveInt(Map<String, String> environment, String name, int fallback) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalStateException(name + " must be a positive whole number of days, not '" + value + "'");
    }
}
