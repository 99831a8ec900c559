package dev.pushregistry.core.registry;

import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.person.PersonDevices;
import dev.pushregistry.core.person.PersonProfile;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where devices, people and their token history are kept. Reads are strongly consistent; devices
 * whose lifetime ran out are treated as gone even before the storage removes them.
 */
public interface RegistryStore {

    /** The device at {@code address} (its app and token), if it exists and has not gone stale. */
    Optional<Device> findDevice(DeviceAddress address, Instant now);

    /** The devices at {@code addresses}, by address; those not registered (or stale) are left out. */
    Map<DeviceAddress, Device> findDevices(Collection<DeviceAddress> addresses, Instant now);

    /** The person's profile and live devices of every app; neither while the person is being forgotten. */
    default PersonDevices findPersonDevices(String personId, Instant now) {
        return findPeopleDevices(List.of(personId), now).get(0);
    }

    /**
     * What {@link #findPersonDevices} answers for each of {@code personIds}, in their order, read
     * together (a send request's people).
     */
    List<PersonDevices> findPeopleDevices(List<String> personIds, Instant now);

    /** The person's token history, newest first, at most {@code max} entries. */
    List<HistoryEvent> findHistory(String personId, Instant now, int max);

    /**
     * Applies every part of {@code change} atomically.
     *
     * @throws ConcurrentChangeException when a device is no longer as the change read it
     */
    void apply(RegistryChange change);

    /**
     * Sets the person's {@code unsubscribed} flag, creating the profile if needed.
     *
     * @throws ConcurrentChangeException when the person is being forgotten
     */
    PersonProfile saveUnsubscribed(String personId, boolean unsubscribed, Instant now);

    /**
     * Removes the person's devices of every app (those still theirs), profile and history, so that nothing
     * written before the forget remains and a write racing it applies wholly before it (and is
     * removed) or wholly after it (to a person who starts afresh). From the start of the forget, the
     * person reads as unknown.
     *
     * @throws ConcurrentChangeException when the person's items kept changing
     */
    void forgetPerson(String personId, Instant now);
}
