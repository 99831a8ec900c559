package dev.pushregistry.store.dynamodb;

import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.person.PersonDevices;
import dev.pushregistry.core.person.PersonProfile;
import dev.pushregistry.core.registry.ConcurrentChangeException;
import dev.pushregistry.core.registry.RegistryChange;
import dev.pushregistry.core.registry.RegistryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The registry kept in one DynamoDB table (layout in {@link Keys}, requests in
 * {@link TableOperations}). Every access is by key. A person being forgotten is gone for readers
 * already.
 *
 * <p>Device writes are conditional on the registration version the operation read, so a write
 * based on a stale read is refused instead of overwriting a newer registration. A change that
 * touches a single item is one conditional write; anything larger is one transaction.
 */
public final class DynamoDbRegistryStore implements RegistryStore {
    /** How many sweeps a forget makes at the most before it gives up on a person whose items keep changing. */
    private static final int FORGET_SWEEPS = 10;
    /**
     * How long a forget's mark holds off writers. It outlasts any run of the people function (see
     * {@code template.yaml}), so that only a forget that was cut off leaves a mark that runs out.
     */
    public static final Duration FORGET_LEASE = Duration.ofMinutes(2);

    private final TableGateway table;
    private final TableOperations requests;
    private final String defaultAppId;

    /**
     * @param defaultAppId the app of the devices written before the deployment served several apps
     *     (their items name no app); a deployment never changes it
     * @param deviceLifetime how long after {@code last_used} a device expires
     * @param historyRetention how long token-history entries are kept
     */
    public DynamoDbRegistryStore(DynamoDbClient dynamo, String tableName, String defaultAppId, Duration deviceLifetime,
                                 Duration historyRetention) {
        this.table = new TableGateway(dynamo, tableName);
        this.defaultAppId = Objects.requireNonNull(defaultAppId, "defaultAppId");
        this.requests = new TableOperations(tableName, new Keys(defaultAppId), deviceLifetime, historyRetention);
    }

    /** How this store's changes become writes, for a store whose transactions carry them too. */
    /** The door to the table, which the other stores of the same table share. */
    TableGateway table() {
        return table;
    }

    TableOperations requests() {
        return requests;
    }

    @Override
    public Optional<Device> findDevice(DeviceAddress address, Instant now) {
        return table.get(requests.keys().device(address)).filter(item -> !ItemAttributes.expired(item, now))
                .map(this::device);
    }

    @Override
    public Map<DeviceAddress, Device> findDevices(Collection<DeviceAddress> addresses, Instant now) {
        Map<DeviceAddress, Device> devices = new HashMap<>();
        table.batchGet(addresses.stream().distinct().map(requests.keys()::device).toList()).stream()
                .filter(item -> !ItemAttributes.expired(item, now))
                .map(this::device)
                .forEach(device -> devices.put(device.address(), device));
        return devices;
    }

    private Device device(Map<String, AttributeValue> item) {
        return DeviceItems.device(item, defaultAppId);
    }

    /**
     * Each person's copies name their devices (one Query per person); the devices are read from the
     * token items, which alone hold each device's status, all together ({@code BatchGetItem}s of up
     * to 100).
     */
    @Override
    public List<PersonDevices> findPeopleDevices(List<String> personIds, Instant now) {
        List<PersonCopies> people = personIds.stream().map(personId -> personCopies(personId, now)).toList();
        List<DeviceAddress> addresses = people.stream().flatMap(person -> person.devices().stream()).distinct().toList();
        Map<DeviceAddress, Device> devices = addresses.isEmpty() ? Map.of() : findDevices(addresses, now);
        return people.stream().map(person -> new PersonDevices(person.personId(), person.profile(),
                person.devices().stream().map(devices::get)
                        .filter(device -> device != null && device.isOwnedBy(person.personId())).toList()))
                .toList();
    }

    /** What a person's partition says: their profile and the devices of their copies; neither while being forgotten. */
    private PersonCopies personCopies(String personId, Instant now) {
        List<DeviceAddress> devices = new ArrayList<>();
        Optional<PersonProfile> profile = Optional.empty();
        for (Map<String, AttributeValue> item : table.query(requests.people().personDevicesAndProfile(personId))) {
            if (!Keys.isPersonDevice(item)) {
                if (PersonItems.beingForgotten(item, now)) {
                    return new PersonCopies(personId, Optional.empty(), List.of());
                }
                profile = PersonItems.profileIfComplete(item);
            } else if (!ItemAttributes.expired(item, now)) {
                devices.add(DeviceItems.address(item, defaultAppId));
            }
        }
        return new PersonCopies(personId, profile, devices);
    }

    /** A person's profile and the devices their copies name. */
    private record PersonCopies(String personId, Optional<PersonProfile> profile, List<DeviceAddress> devices) {
    }

    @Override
    public List<HistoryEvent> findHistory(String personId, Instant now, int max) {
        return table.query(requests.people().personHistoryNewestFirst(personId), max).stream()
                .filter(item -> !ItemAttributes.expired(item, now))
                .map(item -> PersonItems.historyEvent(item, defaultAppId))
                .toList();
    }

    @Override
    public void apply(RegistryChange change) {
        RegistryChangeOperations.ChangeWrites writes = requests.changes().writesFor(change);
        TableGateway.WriteResult result = writes.items().size() == 1
                ? table.write(writes.items().get(0))
                : table.transact(writes.items());
        if (result instanceof TableGateway.Refused refused) {
            throw writes.refusal(refused);
        }
    }

    /** Like every write that can create a profile, waits for a forget of the person under way. */
    @Override
    public PersonProfile saveUnsubscribed(String personId, boolean unsubscribed, Instant now) {
        TableGateway.WriteResult result = table.updateReturningItem(requests.people().saveUnsubscribed(personId, unsubscribed, now));
        if (result instanceof TableGateway.Applied applied) {
            return PersonItems.profile(applied.item());
        }
        throw new ConcurrentChangeException("the person is being forgotten", null, 0, true);
    }

    /**
     * Forgets the person so that no write racing the forget outlives it:
     * <ol>
     *   <li>the profile is marked as being forgotten (a lease, {@link #FORGET_LEASE}, in case this
     *       forget is cut off): from then on every change that writes history for the person, every
     *       identify that would make them an owner and every write of their profile is refused and
     *       waits;</li>
     *   <li>the person's partition is swept until it holds nothing but the profile: each device
     *       goes together with its token while the token is still theirs, everything else in
     *       batches. Writes that need no profile (a register of a token they own, a sender's status
     *       change) are conditioned on tokens the sweep deletes, so a sweep that finds only the
     *       profile finds the end;</li>
     *   <li>the profile goes, if this forget still holds the mark.</li>
     * </ol>
     * A write that applied before the mark is removed; one that waited applies after the profile is
     * gone, to a person who starts afresh.
     *
     * @throws ConcurrentChangeException when the sweeps keep finding new items (they cannot, unless
     *     a writer ignores the mark)
     */
    @Override
    public void forgetPerson(String personId, Instant now) {
        String forgetId = UUID.randomUUID().toString();
        table.updateReturningItem(requests.people().markForgetting(personId, forgetId, now.plus(FORGET_LEASE)));
        for (int sweep = 1; ; sweep++) {
            List<Map<String, AttributeValue>> items = table.query(requests.people().personItems(personId));
            List<Map<String, AttributeValue>> rest = new ArrayList<>();
            for (Map<String, AttributeValue> item : items) {
                if (Keys.isPersonDevice(item)) {
                    forgetDevice(personId, DeviceItems.address(item, defaultAppId), DeviceItems.registrationVersion(item),
                            now);
                } else if (!Keys.isProfile(item)) {
                    rest.add(Map.of(Keys.PK, item.get(Keys.PK), Keys.SK, item.get(Keys.SK)));
                }
            }
            table.batchDelete(rest);
            if (items.stream().allMatch(Keys::isProfile)) {
                break;
            }
            if (sweep == FORGET_SWEEPS) {
                throw new ConcurrentChangeException("the person's items kept changing while they were forgotten", null);
            }
        }
        // refused when a forget that started later holds the mark: it removes the profile when done
        table.write(requests.people().deleteForgottenProfile(personId, forgetId));
    }

    /**
     * Deletes the token and the person's copy together while the token is still the person's; a
     * token that moved meanwhile stays with its new owner, and only the stale copy goes. A
     * transaction that met a concurrent one leaves both for the next sweep.
     */
    private void forgetDevice(String personId, DeviceAddress device, long version, Instant now) {
        if (table.transact(requests.people().forgetDevice(personId, device, version, now)) instanceof TableGateway.Refused refused
                && refused.conditionFailed(0)) {
            table.write(requests.people().forgetDeviceCopy(personId, device));
        }
    }
}
