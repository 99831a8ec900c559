package dev.pushregistry.store;

import dev.pushregistry.device.Device;
import dev.pushregistry.person.HistoryEvent;
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
 * a new token) and as it is to be ({@code after}, absent for a delete). The store refuses the whole
 * change with {@link ConcurrentChangeException} when any device is no longer as read.
 */
public final class RegistryChange {
    private final List<DeviceTransition> transitions;
    private final List<PersonEvent> events;
    private final Set<String> profilesToEnsure;
    private final Instant at;

    private RegistryChange(Builder builder) {
        this.transitions = List.copyOf(builder.transitions);
        this.events = List.copyOf(builder.events);
        this.profilesToEnsure = Set.copyOf(builder.profilesToEnsure);
        this.at = builder.at;
    }

    /** Starts a change made at {@code at}. */
    public static Builder at(Instant at) {
        return new Builder(at);
    }

    public List<DeviceTransition> transitions() {
        return transitions;
    }

    public List<PersonEvent> events() {
        return events;
    }

    /** People whose profile must exist after the change (created if missing, else untouched). */
    public Set<String> profilesToEnsure() {
        return profilesToEnsure;
    }

    public Instant at() {
        return at;
    }

    /**
     * One token's change.
     *
     * @param before the device as read, or {@code null} when the token was not registered
     * @param after the device as it is to be, or {@code null} to delete it
     */
    public record DeviceTransition(Device before, Device after) {
        public DeviceTransition {
            if (before == null && after == null) {
                throw new IllegalArgumentException("a transition needs a device before or after");
            }
            if (before != null && after != null && !before.token().equals(after.token())) {
                throw new IllegalArgumentException("a transition changes one token");
            }
        }

        public String token() {
            return after != null ? after.token() : before.token();
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
        private final Set<String> profilesToEnsure = new LinkedHashSet<>();
        private final Instant at;

        private Builder(Instant at) {
            this.at = Objects.requireNonNull(at, "at");
        }

        /** Writes {@code after} in place of {@code before} (which is {@code null} for a new token). */
        public Builder replace(Device before, Device after) {
            transitions.add(new DeviceTransition(before, Objects.requireNonNull(after, "after")));
            return this;
        }

        /** Deletes {@code before}. */
        public Builder remove(Device before) {
            transitions.add(new DeviceTransition(Objects.requireNonNull(before, "before"), null));
            return this;
        }

        public Builder event(String personId, HistoryEvent event) {
            events.add(new PersonEvent(personId, event));
            return this;
        }

        public Builder ensureProfile(String personId) {
            profilesToEnsure.add(Objects.requireNonNull(personId, "personId"));
            return this;
        }

        /** @throws IllegalStateException when two transitions touch one token */
        public RegistryChange build() {
            Set<String> tokens = new LinkedHashSet<>();
            for (DeviceTransition transition : transitions) {
                if (!tokens.add(transition.token())) {
                    throw new IllegalStateException("a change may touch each token once");
                }
            }
            return new RegistryChange(this);
        }
    }
}
