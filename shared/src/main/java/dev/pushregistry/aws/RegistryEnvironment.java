package dev.pushregistry.aws;

import dev.pushregistry.authorizer.ApiKeys;
import dev.pushregistry.authorizer.Authorizer;
import dev.pushregistry.authorizer.IdentityClaims;
import dev.pushregistry.authorizer.IdentityVerifier;
import dev.pushregistry.authorizer.RefreshingApiKeys;
import dev.pushregistry.device.Provider;
import dev.pushregistry.queue.QueueBatch;
import dev.pushregistry.queue.QueueSettings;
import dev.pushregistry.queue.SqsDeliveryQueue;
import dev.pushregistry.queue.SqsSendRequestQueue;
import dev.pushregistry.registry.DeviceRegistry;
import dev.pushregistry.registry.LogoutPolicy;
import dev.pushregistry.registry.PersonDirectory;
import dev.pushregistry.registry.RegistrySettings;
import dev.pushregistry.sending.DeliveryQueue;
import dev.pushregistry.sending.DeliverySender;
import dev.pushregistry.sending.Dispatcher;
import dev.pushregistry.sending.PushGateway;
import dev.pushregistry.sending.SendService;
import dev.pushregistry.sending.SendStore;
import dev.pushregistry.sending.SenderSettings;
import dev.pushregistry.store.DynamoDbRegistryStore;
import dev.pushregistry.store.DynamoDbSendStore;
import dev.pushregistry.registry.RegistryStore;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The registry wired from a function's environment variables, once per container:
 *
 * <ul>
 *   <li>{@code TABLE_NAME} (required): the registry table;</li>
 *   <li>{@code AWS_REGION} (required, set by Lambda);</li>
 *   <li>{@code LOGOUT_POLICY}: {@code delete} (default) or {@code anonymize};</li>
 *   <li>{@code STALE_DEVICE_DAYS}: days after {@code last_used} a device expires (default 270);</li>
 *   <li>{@code HISTORY_RETENTION_DAYS}: days token-history entries are kept (default 365);</li>
 *   <li>{@code SEND_RETENTION_DAYS}: days send requests and their deliveries are kept (default 14).</li>
 * </ul>
 *
 * <p>Functions that use queues also read:
 *
 * <ul>
 *   <li>{@code SEND_REQUESTS_QUEUE_URL}: where {@code POST /v1/sends} queues requests;</li>
 *   <li>{@code APNS_QUEUE_URL}, {@code FCM_QUEUE_URL}: where dispatch queues deliveries;</li>
 *   <li>{@code QUEUE_URL}, {@code DEAD_LETTER_QUEUE_URL}: the queue a function consumes and its
 *       dead-letter queue;</li>
 *   <li>{@code MAX_ATTEMPTS} (default 5) and {@code RETRY_BACKOFF_SECONDS} (default 10): the retry
 *       budget of a consumed message and the first pause, which doubles with each attempt;</li>
 *   <li>{@code MAX_IN_FLIGHT} (default 100), {@code PUSH_TIMEOUT_SECONDS} (default 15) and
 *       {@code STORE_CONCURRENCY} (default 16): how a sender pushes and records.</li>
 * </ul>
 *
 * <p>The authorizer reads:
 *
 * <ul>
 *   <li>{@code API_KEYS_SECRET_ARN} (deployed): a Secrets Manager secret holding the keys' SHA-256
 *       digests as {@link ApiKeys#fromDigests} reads them, read again every
 *       {@code API_KEYS_REFRESH_SECONDS} (default 300); or, locally, {@code APP_KEYS} and
 *       {@code SERVER_KEYS}: comma-separated keys in plain text;</li>
 *   <li>{@code IDENTITY_JWKS_URL} (deployed) or {@code PUSH_REGISTRY_IDENTITY_JWKS} (local, a
 *       file): the JWKS that identity tokens are checked against; identity verification is off when
 *       neither is set;</li>
 *   <li>{@code IDENTITY_ISSUER}, {@code IDENTITY_AUDIENCE}: the {@code iss} and {@code aud} identity
 *       tokens must carry (not checked when unset).</li>
 * </ul>
 *
 * A missing or malformed setting stops the function at start-up with a message naming it.
 */
public final class RegistryEnvironment {
    public static final int DEFAULT_STALE_DEVICE_DAYS = 270;
    public static final int DEFAULT_HISTORY_RETENTION_DAYS = 365;
    public static final int DEFAULT_SEND_RETENTION_DAYS = 14;
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final int DEFAULT_RETRY_BACKOFF_SECONDS = 10;
    public static final int DEFAULT_API_KEYS_REFRESH_SECONDS = 300;
    /** The longest a day setting may be: ten years. */
    private static final int MAX_DAYS = 3650;

    private final Settings environment;
    private final AwsClients clients;
    private final String table;
    private final Duration deviceLifetime;
    private final Duration historyRetention;
    private final Duration sendRetention;
    private final RegistrySettings settings;
    private DynamoDbClient dynamo;
    private DynamoDbRegistryStore store;
    private SqsClient sqs;

    private RegistryEnvironment(Settings environment, AwsClients clients, String table, Duration deviceLifetime,
                                Duration historyRetention, Duration sendRetention, RegistrySettings settings) {
        this.environment = environment;
        this.clients = clients;
        this.table = table;
        this.deviceLifetime = deviceLifetime;
        this.historyRetention = historyRetention;
        this.sendRetention = sendRetention;
        this.settings = settings;
    }

    /** Reads this process's environment. */
    public static RegistryEnvironment fromSystem() {
        return from(System.getenv());
    }

    /** Reads the given variables. */
    public static RegistryEnvironment from(Map<String, String> variables) {
        Settings environment = new Settings(variables);
        String table = environment.required("TABLE_NAME");
        Region region = Region.of(environment.required("AWS_REGION"));
        String policyName = environment.optional("LOGOUT_POLICY");
        LogoutPolicy policy;
        try {
            policy = policyName == null ? LogoutPolicy.DELETE : LogoutPolicy.fromConfiguration(policyName);
        } catch (IllegalArgumentException wrong) {
            throw new IllegalStateException("LOGOUT_POLICY: " + wrong.getMessage(), wrong);
        }
        Duration deviceLifetime = Duration.ofDays(
                environment.wholeNumber("STALE_DEVICE_DAYS", DEFAULT_STALE_DEVICE_DAYS, 1, MAX_DAYS));
        Duration historyRetention = Duration.ofDays(
                environment.wholeNumber("HISTORY_RETENTION_DAYS", DEFAULT_HISTORY_RETENTION_DAYS, 1, MAX_DAYS));
        Duration sendRetention = Duration.ofDays(
                environment.wholeNumber("SEND_RETENTION_DAYS", DEFAULT_SEND_RETENTION_DAYS, 1, 365));
        return new RegistryEnvironment(environment, AwsClients.from(variables, region), table, deviceLifetime,
                historyRetention, sendRetention, RegistrySettings.withLogoutPolicy(policy));
    }

    /** AWS clients configured from these variables. */
    public AwsClients awsClients() {
        return clients;
    }

    /** The function's settings, for those that only one function reads. */
    public Settings settings() {
        return environment;
    }

    /** The value of a variable that must be set. */
    public String required(String name) {
        return environment.required(name);
    }

    /** The value of a variable, or {@code null} when it is unset or blank. */
    public String optional(String name) {
        return environment.optional(name);
    }

    public RegistryStore registryStore() {
        return store();
    }

    /** Send requests and deliveries, in the registry table. */
    public SendStore sendStore() {
        DynamoDbRegistryStore registry = store();
        return new DynamoDbSendStore(dynamo, table, registry, sendRetention);
    }

    /** The table's client and store, built on first use (the authorizer never touches the table). */
    private synchronized DynamoDbRegistryStore store() {
        if (store == null) {
            dynamo = clients.dynamoDb();
            store = new DynamoDbRegistryStore(dynamo, table, deviceLifetime, historyRetention);
        }
        return store;
    }

    /** The SQS client, built on first use. */
    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = clients.sqs();
        }
        return sqs;
    }

    /** Dispatch: send requests to deliveries on the push services' queues. */
    public Dispatcher dispatcher() {
        DeliveryQueue queue = new SqsDeliveryQueue(sqs(), Map.of(
                Provider.APNS, required("APNS_QUEUE_URL"),
                Provider.FCM, required("FCM_QUEUE_URL")));
        return new Dispatcher(store(), sendStore(), queue);
    }

    /** The send endpoints, queueing on {@code SEND_REQUESTS_QUEUE_URL}. */
    public SendService sendService() {
        return new SendService(sendStore(), new SqsSendRequestQueue(sqs(), required("SEND_REQUESTS_QUEUE_URL")));
    }

    /** How the function treats the messages of the queue it consumes. */
    public QueueBatch queueBatch() {
        return new QueueBatch(sqs(), new QueueSettings(required("QUEUE_URL"), required("DEAD_LETTER_QUEUE_URL"),
                environment.wholeNumber("MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS, 1, 100),
                Duration.ofSeconds(environment.wholeNumber("RETRY_BACKOFF_SECONDS", DEFAULT_RETRY_BACKOFF_SECONDS, 1, 900))));
    }

    /** A sender pushing through {@code gateway}. */
    public DeliverySender deliverySender(PushGateway gateway) {
        SenderSettings defaults = SenderSettings.DEFAULTS;
        SenderSettings sender = new SenderSettings(
                environment.wholeNumber("MAX_IN_FLIGHT", defaults.maxInFlight(), 1, 10_000),
                Duration.ofSeconds(environment.wholeNumber("PUSH_TIMEOUT_SECONDS",
                        (int) defaults.pushTimeout().getSeconds(), 1, 300)),
                defaults.badTokenQuorum(),
                environment.wholeNumber("STORE_CONCURRENCY", defaults.storeConcurrency(), 1, 256));
        return new DeliverySender(store(), sendStore(), gateway, sender);
    }

    /**
     * The authorizer: which keys are valid and, when configured, how identity tokens are checked.
     *
     * @throws IllegalStateException when no keys are configured, or the keys or the JWKS cannot be read
     */
    public Authorizer authorizer(Clock clock) {
        return new Authorizer(apiKeys(clock), identityVerifier(clock));
    }

    private Supplier<ApiKeys> apiKeys(Clock clock) {
        String secretArn = optional("API_KEYS_SECRET_ARN");
        if (secretArn != null) {
            Duration refresh = Duration.ofSeconds(environment.wholeNumber("API_KEYS_REFRESH_SECONDS",
                    DEFAULT_API_KEYS_REFRESH_SECONDS, 1, 86_400));
            SecretsManagerClient secrets = clients.secretsManager();
            return new RefreshingApiKeys(() -> ApiKeys.fromDigests(
                    ProviderSecrets.fromSecretsManager(secrets, "API_KEYS_SECRET_ARN", secretArn)), refresh, clock);
        }
        List<String> appKeys = keyList("APP_KEYS");
        List<String> serverKeys = keyList("SERVER_KEYS");
        if (appKeys.isEmpty() && serverKeys.isEmpty()) {
            throw new IllegalStateException("set API_KEYS_SECRET_ARN (deployed), or APP_KEYS and SERVER_KEYS (local)");
        }
        ApiKeys keys = ApiKeys.fromPlainKeys(appKeys, serverKeys);
        return () -> keys;
    }

    private IdentityVerifier identityVerifier(Clock clock) {
        String url = optional("IDENTITY_JWKS_URL");
        String file = optional("PUSH_REGISTRY_IDENTITY_JWKS");
        IdentityClaims expected = new IdentityClaims(optional("IDENTITY_ISSUER"), optional("IDENTITY_AUDIENCE"));
        if (url != null && file != null) {
            throw new IllegalStateException("set IDENTITY_JWKS_URL or PUSH_REGISTRY_IDENTITY_JWKS, not both");
        }
        if (url != null) {
            try {
                return IdentityVerifier.fromJwksUrl(URI.create(url).toURL(), expected, clock);
            } catch (IllegalArgumentException | MalformedURLException malformed) {
                throw new IllegalStateException("IDENTITY_JWKS_URL is not a URL", malformed);
            }
        }
        if (file != null) {
            try {
                return IdentityVerifier.fromJwks(Files.readString(Path.of(file), StandardCharsets.UTF_8), expected,
                        clock);
            } catch (IOException unreadable) {
                throw new IllegalStateException("could not read the JWKS file named by PUSH_REGISTRY_IDENTITY_JWKS",
                        unreadable);
            }
        }
        return null;
    }

    private List<String> keyList(String name) {
        String value = optional(name);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(key -> !key.isEmpty()).toList();
    }

    public DeviceRegistry deviceRegistry() {
        return new DeviceRegistry(store(), settings);
    }

    public PersonDirectory personDirectory() {
        return new PersonDirectory(store());
    }
}
