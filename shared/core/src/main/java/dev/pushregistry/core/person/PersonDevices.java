package dev.pushregistry.core.person;

import dev.pushregistry.core.device.Device;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A person's profile and the devices they own now, most recently used first.
 *
 * @param personId the person
 * @param profile the profile, empty when the person only ever appeared through devices
 * @param devices the devices the person owns, most recently used first
 */
public record PersonDevices(String personId, Optional<PersonProfile> profile, List<Device> devices) {
    private static final Comparator<Device> MOST_RECENT_FIRST =
            Comparator.comparing(Device::lastUsed).reversed().thenComparing(Device::token).thenComparing(Device::appId);

    public PersonDevices {
        devices = devices.stream().sorted(MOST_RECENT_FIRST).toList();
    }

    /** The same person with only the devices of one app. */
    public PersonDevices ofApp(String appId) {
        return new PersonDevices(personId, profile,
                devices.stream().filter(device -> device.appId().equals(appId)).toList());
    }

    /** Whether the registry knows this person at all. */
    public boolean known() {
        return profile.isPresent() || !devices.isEmpty();
    }

    public boolean unsubscribed() {
        return profile.map(PersonProfile::unsubscribed).orElse(false);
    }

    /** The person's last active device: the one used most recently. */
    public Optional<Device> lastActiveDevice() {
        return devices.stream().findFirst();
    }
}
