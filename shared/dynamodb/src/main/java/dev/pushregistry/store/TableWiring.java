package dev.pushregistry.store;

import dev.pushregistry.app.Apps;
import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.events.RelayStore;
import dev.pushregistry.registry.DeviceImport;
import dev.pushregistry.registry.DeviceRegistry;
import dev.pushregistry.registry.LogoutPolicy;
import dev.pushregistry.registry.PersonDirectory;
import dev.pushregistry.registry.RegistrySettings;
import dev.pushregistry.sending.SendStore;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The registry table as a function uses it, wired once per container from the function's settings:
 *
 * <ul>
 *   <li>{@code TABLE_NAME} (required): the registry table;</li>
 *   <li>{@code DEFAULT_APP_ID}: the app of the items that name none ({@link Apps#fromVariables});</li>
 *   <li>{@code AWS_REGION} (required, set by Lambda) and the rest of what {@link AwsClients}
 *       reads;</li>
 *   <li>{@code STALE_DEVICE_DAYS}: days after {@code last_used} a device expires (1 to 3650,
 *       default 270);</li>
 *   <li>{@code HISTORY_RETENTION_DAYS}: days token-history entries are kept (1 to 3650, default
 *       365);</li>
 *   <li>{@code SEND_RETENTION_DAYS}: days send requests and their deliveries are kept (1 to 365,
 *       default 14);</li>
 *   <li>{@code LOGOUT_POLICY}, read by {@link #deviceRegistry()}: {@code delete} (default) or
 *       {@code anonymize}.</li>
 * </ul>
 *
 * A missing or malformed setting stops the function at start-up with a message naming it.
 */
public final class TableWiring {
    public static final int DEFAULT_STALE_DEVICE_DAYS = 270;
    public static final int DEFAULT_HISTORY_RETENTION_DAYS = 365;
    public static final int DEFAULT_SEND_RETENTION_DAYS = 14;
    /** How many devices an import call writes at once unless {@code IMPORT_CONCURRENCY} says otherwise. */
    public static final int DEFAULT_IMPORT_CONCURRENCY = 16;
    /** The longest a day setting may be: ten years. */
    private static final int MAX_DAYS = 3650;

    private final Settings settings;
    private final Duration deviceLifetime;
    private final DynamoDbRegistryStore registry;
    private final DynamoDbSendStore sends;

    private TableWiring(Settings settings, Duration deviceLifetime, DynamoDbRegistryStore registry,
                        DynamoDbSendStore sends) {
        this.settings = settings;
        this.deviceLifetime = deviceLifetime;
        this.registry = registry;
        this.sends = sends;
    }

    /**
     * Builds the table's client and both stores.
     *
     * @throws IllegalStateException naming the setting that is missing or malformed
     */
    public static TableWiring from(Settings settings) {
        String table = settings.required("TABLE_NAME");
        Duration deviceLifetime = Duration.ofDays(
                settings.wholeNumber("STALE_DEVICE_DAYS", DEFAULT_STALE_DEVICE_DAYS, 1, MAX_DAYS));
        Duration historyRetention = Duration.ofDays(
                settings.wholeNumber("HISTORY_RETENTION_DAYS", DEFAULT_HISTORY_RETENTION_DAYS, 1, MAX_DAYS));
        Duration sendRetention = Duration.ofDays(
                settings.wholeNumber("SEND_RETENTION_DAYS", DEFAULT_SEND_RETENTION_DAYS, 1, 365));
        DynamoDbClient dynamo = AwsClients.from(settings).build(DynamoDbClient.builder(), "DYNAMODB");
        String defaultAppId = Apps.fromVariables(settings::optional).defaultAppId();
        DynamoDbRegistryStore registry = new DynamoDbRegistryStore(dynamo, table, defaultAppId, deviceLifetime,
                historyRetention);
        return new TableWiring(settings, deviceLifetime, registry,
                new DynamoDbSendStore(dynamo, table, registry, sendRetention));
    }

    /** Why deleted devices went, send summaries, and the claims that let one stream record announce a request. */
    public RelayStore relayStore() {
        return new DynamoDbRelayStore(registry.table(), registry.requests(), sends);
    }

    /** What the table's stream records mean, for events. */
    public StreamImages streamImages() {
        return new StreamImages(registry.requests().defaultAppId());
    }

    /** Devices, people and their history. */
    public DynamoDbRegistryStore registryStore() {
        return registry;
    }

    /** Send requests and deliveries. */
    public SendStore sendStore() {
        return sends;
    }

    /**
     * Register, identify and logout, with the {@code LOGOUT_POLICY} setting and the device cap
     * {@code MAX_DEVICES_PER_PERSON} (1 to 1000, default 20).
     *
     * @throws IllegalStateException when {@code LOGOUT_POLICY} is neither {@code delete} nor
     *     {@code anonymize}
     */
    public DeviceRegistry deviceRegistry() {
        String policyName = settings.optional("LOGOUT_POLICY");
        LogoutPolicy policy;
        try {
            policy = policyName == null ? LogoutPolicy.DELETE : LogoutPolicy.fromConfiguration(policyName);
        } catch (IllegalArgumentException wrong) {
            throw new IllegalStateException("LOGOUT_POLICY: " + wrong.getMessage(), wrong);
        }
        return new DeviceRegistry(registry, RegistrySettings.withLogoutPolicy(policy).withMaxDevicesPerPerson(
                settings.wholeNumber("MAX_DEVICES_PER_PERSON", RegistrySettings.DEFAULT_MAX_DEVICES_PER_PERSON, 1,
                        RegistrySettings.MAX_DEVICES_PER_PERSON_LIMIT)));
    }

    /**
     * Bulk imports: the device registry, the device lifetime ({@code STALE_DEVICE_DAYS}) and
     * {@code IMPORT_CONCURRENCY} devices at once (default {@value #DEFAULT_IMPORT_CONCURRENCY}).
     */
    public DeviceImport deviceImport() {
        return new DeviceImport(deviceRegistry(), deviceLifetime,
                settings.wholeNumber("IMPORT_CONCURRENCY", DEFAULT_IMPORT_CONCURRENCY, 1, 64));
    }

    /** A person's devices, history, subscription and forgetting. */
    public PersonDirectory personDirectory() {
        return new PersonDirectory(registry);
    }
}
