package dev.pushregistry.core.registry;

import dev.pushregistry.core.device.DeletionReason;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.time.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one registry operation changes, applied by a {@link RegistryStore} all at once or not
 * at all.
 *
 * <p>Each device transition names the device as the operation read it ({@code before}, absent for
 * a new token) and as it is to be ({@code after}, absent for a delete, which says why). The store refuses the whole
 * change with {@link ConcurrentChangeException} when any device is no longer as read.
 *
 * <p>A change has a version: the microsecond time at which it takes effect, later than the version
 * of every device it read. A new registration it writes carries that version, and its history
 * entries are ordered by it: the store refuses the change when a person it writes history for
 * already has a newer entry (and says how new), so history sorts in the order changes took effect.
 * Every person the change writes history for has a profile afterwards.
 */
public final class RegistryChange {
    private final List<DeviceTransition> transitions;
    private final List<PersonEvent> events;
    private final long version;

    private RegistryChange(Builder builder) {
        this.transitions = List.copyOf(builder.transitions);
        this.events = List.copyOf(builder.events);
        this.version = builder.version;
    }

    /**
     * Starts a change with the given version: a time in microseconds, later than the version of
     * every device the change read and than the newest history of every person it writes for.
     */
    public static Builder withVersion(long version) {
        return new Builder(version);
    }

    public List<DeviceTransition> transitions() {
        return transitions;
    }

    public List<PersonEvent> events() {
        return events;
    }

    /** The people the change writes history for, in the order of their first entry. */
    public Set<String> historyPeople() {
        Set<String> people = new LinkedHashSet<>();
        events.forEach(entry -> people.add(entry.personId()));
        return people;
    }

    /** When the change takes effect, in microseconds: its registrations' version and its history order. */
    public long version() {
        return version;
    }

    /** When the change takes effect, as the registry shows times (to the millisecond). */
    public Instant at() {
        return atVersion(version);
    }

    /** When a change with this version takes effect, to the millisecond. */
    private static Instant atVersion(long version) {
        return Timestamps.truncate(Timestamps.ofMicros(version));
    }

    /**
     * One device's change.
     *
     * @param before the device as read, or {@code null} when the token was not registered
     * @param after the device as it is to be, or {@code null} to delete it
     * @param deletion why the device is deleted; {@code null} unless {@code after} is
     */
    public record DeviceTransition(Device before, Device after, DeletionReason deletion) {
        public DeviceTransition {
            if (before == null && after == null) {
                throw new IllegalArgumentException("a transition needs a device before or after");
            }
            if ((after == null) != (deletion != null)) {
                throw new IllegalArgumentException("a delete, and only a delete, says why");
            }
            if (before != null && after != null && !before.address().equals(after.address())) {
                throw new IllegalArgumentException("a transition changes one device");
            }
        }

        /** The device it changes: its app and token. */
        public DeviceAddress address() {
            return after != null ? after.address() : before.address();
        }
    }

    /**
     * A history entry for one person.
     *
     * @param personId whose history it goes into
     * @param event the entry
     */
    public record PersonEvent(String personId, HistoryEvent event) {
        public PersonEvent {
            Objects.requireNonNull(personId, "personId");
            Objects.requireNonNull(event, "event");
        }
    }

    /** Collects the parts of a change. */
    public static final class Builder {
        private final List<DeviceTransition> transitions = new ArrayList<>();
        private final List<PersonEvent> events = new ArrayList<>();
        private final long version;

        private Builder(long version) {
            if (version <= 0) {
                throw new IllegalArgumentException("a change's version is a positive time in microseconds");
            }
            this.version = version;
        }

        /** Writes {@code after} in place of {@code before} (which is {@code null} for a new token). */
        public Builder replace(Device before, Device after) {
            transitions.add(new DeviceTransition(before, Objects.requireNonNull(after, "after"), null));
            return this;
        }

        /** Deletes {@code before}, for the reason given. */
        public Builder remove(Device before, DeletionReason reason) {
            transitions.add(new DeviceTransition(Objects.requireNonNull(before, "before"), null,
                    Objects.requireNonNull(reason, "reason")));
            return this;
        }

        /** The change's version, which the registrations it makes carry. */
        public long version() {
            return version;
        }

        /** When the change takes effect, as its history entries say. */
        public Instant at() {
            return atVersion(version);
        }

        /** @throws IllegalArgumentException when the entry's time is not the change's {@link #at()} */
        public Builder event(String personId, HistoryEvent event) {
            if (!event.at().equals(at())) {
                throw new IllegalArgumentException("a history entry is dated when its change takes effect");
            }
            events.add(new PersonEvent(personId, event));
            return this;
        }

        /**
         * @throws IllegalStateException when two transitions touch one device, when the change is not
         *     newer than a device it read, or when a device it writes has a version that is neither
         *     the one it had (a status change) nor the change's (a new registration)
         */
        public RegistryChange build() {
            Set<DeviceAddress> devices = new LinkedHashSet<>();
            for (DeviceTransition transition : transitions) {
                if (!devices.add(transition.address())) {
                    throw new IllegalStateException("a change may touch each device once");
                }
                Device before = transition.before();
                Device after = transition.after();
                if (before != null && before.registrationVersion() >= version) {
                    throw new IllegalStateException("a change must be newer than the devices it read");
                }
                if (after != null && after.registrationVersion() != version
                        && (before == null || after.registrationVersion() != before.registrationVersion())) {
                    throw new IllegalStateException("a device written keeps its version or takes the change's");
                }
            }
            return new RegistryChange(this);
        }
    }
}
