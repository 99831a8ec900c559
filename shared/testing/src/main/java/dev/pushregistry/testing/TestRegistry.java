package dev.pushregistry.testing;

import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.fixtures.TickingClock;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.registry.DeviceFields;
import dev.pushregistry.core.registry.DeviceRegistry;
import dev.pushregistry.core.registry.IdentifyCommand;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.core.registry.OptimisticRetry;
import dev.pushregistry.core.registry.PersonDirectory;
import dev.pushregistry.core.registry.RegistryChange;
import dev.pushregistry.core.registry.RegistrySettings;
import dev.pushregistry.store.dynamodb.DynamoDbRegistryStore;
import dev.pushregistry.store.dynamodb.TableWiring;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A registry on a fresh table of the shared DynamoDB Local, with a ticking clock that starts at the
 * wall clock (see {@link TickingClock#startingNow()}) and the default lifetimes, for one test. Its
 * deployment serves two apps ({@link #APPS}); the helpers register in the default one, {@link #APP}.
 */
public final class TestRegistry {
    /** The test deployment's apps: {@link #APP}, the default, and {@link #OTHER_APP}. */
    public static final Apps APPS = Apps.of("main", "other");
    public static final String APP = APPS.defaultAppId();
    public static final String OTHER_APP = "other";
    public static final Duration DEVICE_LIFETIME = Duration.ofDays(TableWiring.DEFAULT_STALE_DEVICE_DAYS);
    public static final Duration HISTORY_RETENTION =
            Duration.ofDays(TableWiring.DEFAULT_HISTORY_RETENTION_DAYS);

    private final DynamoDbClient client;
    private final String table;
    private final TickingClock clock;
    private final DynamoDbRegistryStore store;

    private TestRegistry(DynamoDbClient client) {
        this(client, RegistryTable.create(DynamoDbLocal.server().client()), TickingClock.startingNow());
    }

    private TestRegistry(DynamoDbClient client, String table, TickingClock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
        this.store = new DynamoDbRegistryStore(client, table, APP, DEVICE_LIFETIME, HISTORY_RETENTION);
    }

    /**
     * This registry (same table, same clock) as {@code function} reaches it deployed: every call
     * signed with that function's role in {@code template.yaml}, through the IAM gateway, so a call
     * the role may not make fails as it would on AWS ({@link LocalAws#registryClientAs}).
     */
    public TestRegistry asFunction(String function) {
        return new TestRegistry(LocalAws.get().registryClientAs(function), table, clock);
    }

    public static TestRegistry create() {
        return new TestRegistry(DynamoDbLocal.server().client());
    }

    /** A registry whose every call goes through {@code client} (one with interceptors, say). */
    public static TestRegistry usingClient(DynamoDbClient client) {
        return new TestRegistry(client);
    }

    public DeviceRegistry devices(LogoutPolicy policy) {
        return new DeviceRegistry(store, RegistrySettings.withLogoutPolicy(policy));
    }

    public DeviceRegistry devices() {
        return devices(LogoutPolicy.DELETE);
    }

    public DynamoDbRegistryStore store() {
        return store;
    }

    /**
     * Gives a device a status the way a sender will (same registration, status changed), for tests
     * of rules that depend on it.
     */
    public void setStatus(String token, DeviceStatus status) {
        Instant now = clock.peek();
        Device device = store.findDevice(at(token), now).orElseThrow();
        store.apply(RegistryChange.withVersion(new OptimisticRetry.Attempt(1, 0).versionAfter(now, device.registrationVersion()))
                .replace(device, device.toBuilder().status(status).build()).build());
    }

    /** Makes {@code personId} the owner of a new iOS token, as the identify endpoint does. */
    public String identifiedIosDevice(String personId) {
        String token = Tokens.apns();
        devices().identify(new IdentifyCommand(personId, new DeviceFields(APP, token, Platform.IOS, null, null, true, null)),
                clock.instant());
        return token;
    }

    /** Makes {@code personId} the owner of a new Android token, as the identify endpoint does. */
    public String identifiedAndroidDevice(String personId) {
        String token = Tokens.fcm();
        devices().identify(new IdentifyCommand(personId, new DeviceFields(APP, token, Platform.ANDROID, null, null, true, null)),
                clock.instant());
        return token;
    }

    /** The device of {@link #APP} with this token, as it is now. */
    public Optional<Device> device(String token) {
        return store.findDevice(at(token), clock.peek());
    }

    /** The address of {@link #APP}'s device with this token. */
    public static DeviceAddress at(String token) {
        return new DeviceAddress(APP, token);
    }

    public PersonDirectory people() {
        return new PersonDirectory(store);
    }

    public TickingClock clock() {
        return clock;
    }

    public DynamoDbClient client() {
        return client;
    }

    public String table() {
        return table;
    }

    /** Checks every invariant of the table now; fails the test with all violations found. */
    public void assertConsistent() {
        RegistryInvariants.assertHold(DynamoDbLocal.server().client(), table, APP, clock.peek());
    }

    /** How many items the table holds (expired ones included). */
    public int itemCount() {
        return DynamoDbLocal.server().client().scan(scan -> scan.tableName(table)).count();
    }

    /** Every item of the table, as text, for before/after comparisons. */
    public java.util.List<String> snapshot() {
        return DynamoDbLocal.server().client().scanPaginator(scan -> scan.tableName(table).consistentRead(true))
                .items().stream()
                .map(item -> new java.util.TreeMap<>(item).toString())
                .sorted()
                .toList();
    }
}
