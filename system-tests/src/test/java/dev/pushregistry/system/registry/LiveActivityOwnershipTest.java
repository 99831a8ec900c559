package dev.pushregistry.system.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.LiveActivities;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.registry.DeviceFields;
import dev.pushregistry.core.registry.DeviceImport;
import dev.pushregistry.core.registry.DeviceRegistry;
import dev.pushregistry.core.registry.IdentifyCommand;
import dev.pushregistry.core.registry.ImportCommand;
import dev.pushregistry.core.registry.LiveActivityCommand;
import dev.pushregistry.core.registry.LogoutCommand;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.core.registry.OwnerCheck;
import dev.pushregistry.core.registry.RegistrySettings;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The ways a device leaves its owner that the HTTP tests do not take, on DynamoDB Local: a logout
 * and a displacement under the anonymize policy, which keep the device without an owner, and an
 * import that gives it another owner. Each leaves the device without the Live Activity tokens its
 * owner's app registered.
 */
class LiveActivityOwnershipTest {
    private final TestRegistry registry = TestRegistry.create();

    private DeviceFields ios(String token, boolean withStartToken) {
        return new DeviceFields(TestRegistry.APP, token, Platform.IOS, null, null, true, null,
                withStartToken ? Map.of("DeliveryAttributes", Optional.of(Tokens.apns())) : Map.of());
    }

    /** A device {@code person} owns, with a start token and a running activity. */
    private String ownedWithLiveActivities(DeviceRegistry devices, String person) {
        String token = Tokens.apns();
        devices.identify(new IdentifyCommand(person, ios(token, true)), now());
        devices.liveActivities().register(new LiveActivityCommand(TestRegistry.at(token), "order-1", "DeliveryAttributes",
                Tokens.apns()), OwnerCheck.ANYONE, now());
        assertTrue(!liveActivities(token).isEmpty() && liveActivities(token).activities().containsKey("order-1"));
        return token;
    }

    private LiveActivities liveActivities(String token) {
        return registry.device(token).map(Device::liveActivities).orElseThrow();
    }

    private Instant now() {
        return registry.clock().instant();
    }

    @Test
    void aLogoutThatKeepsTheDeviceAnonymousTakesItsLiveActivityTokens() {
        DeviceRegistry anonymizing = registry.devices(LogoutPolicy.ANONYMIZE);
        String token = ownedWithLiveActivities(anonymizing, "own-1");

        anonymizing.logout(new LogoutCommand("own-1", TestRegistry.at(token)), now());

        assertEquals(Optional.empty(), registry.device(token).orElseThrow().personId());
        assertEquals(LiveActivities.NONE, liveActivities(token));
        registry.assertConsistent();
    }

    @Test
    void aDeviceDisplacedByTheCapAndKeptAnonymousLosesItsLiveActivityTokens() {
        DeviceRegistry capped = new DeviceRegistry(registry.store(),
                RegistrySettings.withLogoutPolicy(LogoutPolicy.ANONYMIZE).withMaxDevicesPerPerson(1));
        String first = ownedWithLiveActivities(capped, "own-2");

        capped.identify(new IdentifyCommand("own-2", ios(Tokens.apns(), false)), now());

        assertEquals(Optional.empty(), registry.device(first).orElseThrow().personId(), "displaced");
        assertEquals(LiveActivities.NONE, liveActivities(first));
        registry.assertConsistent();
    }

    @Test
    void anImportThatGivesTheDeviceAnotherOwnerTakesItsLiveActivityTokens() {
        DeviceRegistry devices = registry.devices();
        String token = ownedWithLiveActivities(devices, "own-3");
        DeviceImport imports = new DeviceImport(devices, TestRegistry.DEVICE_LIFETIME, 1);

        imports.run(List.of(new DeviceImport.Entry.Readable(new ImportCommand(ios(token, false), Optional.of("own-4"),
                now().plusSeconds(60)))), false, now().plusSeconds(120));

        assertEquals(Optional.of("own-4"), registry.device(token).orElseThrow().personId());
        assertEquals(LiveActivities.NONE, liveActivities(token));
        registry.assertConsistent();
    }
}
