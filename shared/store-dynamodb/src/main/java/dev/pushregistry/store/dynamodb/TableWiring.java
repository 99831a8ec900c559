package dev.pushregistry.store.dynamodb;

import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.lifecycle.RelayStore;
import dev.pushregistry.core.sending.SendStore;
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
 *       default 14).</li>
 * </ul>
 *
 * A missing or malformed setting stops the function at start-up with a message naming it.
 */
public final class TableWiring {
    public static final int DEFAULT_STALE_DEVICE_DAYS = 270;
    public static final int DEFAULT_HISTORY_RETENTION_DAYS = 365;
    public static final int DEFAULT_SEND_RETENTION_DAYS = 14;
    /** The longest a day setting may be: ten years. */
    private static final int MAX_DAYS = 3650;

    private final Duration deviceLifetime;
    private final DynamoDbRegistryStore registry;
    private final DynamoDbSendStore sends;

    private TableWiring(Duration deviceLifetime, DynamoDbRegistryStore registry, DynamoDbSendStore sends) {
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
        return new TableWiring(deviceLifetime, registry,
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

    /** How long a device lives after its last use ({@code STALE_DEVICE_DAYS}). */
    public Duration deviceLifetime() {
        return deviceLifetime;
    }
}
