package dev.pushregistry.core.registry;

import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.person.PersonDevices;
import dev.pushregistry.core.person.PersonProfile;
import dev.pushregistry.core.time.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What the customer's backend asks of and tells about people. */
public final class PersonDirectory {
    /** The most token-history entries one answer carries, newest first. */
    public static final int HISTORY_LIMIT = 1000;

    private final RegistryStore store;
    private final OptimisticRetry retry = new OptimisticRetry(RegistrySettings.DEFAULT_MAX_ATTEMPTS);

    public PersonDirectory(RegistryStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** @throws RegistryException {@code not_found} for a person the registry does not know */
    public PersonDevices devices(String personId, Instant now) {
        PersonDevices devices = store.findPersonDevices(personId, Timestamps.truncate(now));
        if (!devices.known()) {
            throw unknown(personId);
        }
        return devices;
    }

    /** @throws RegistryException {@code not_found} for a person the registry does not know */
    public List<HistoryEvent> tokenHistory(String personId, Instant now) {
        List<HistoryEvent> events = store.findHistory(personId, Timestamps.truncate(now), HISTORY_LIMIT);
        if (events.isEmpty()) {
            devices(personId, now);
        }
        return events;
    }

    /**
     * Sets whether the person receives non-transactional pushes; creates the person if needed. Waits
     * for a forget of the person under way, so the profile is set after it.
     */
    public PersonProfile setUnsubscribed(String personId, boolean unsubscribed, Instant now) {
        return retry.run(attempt -> store.saveUnsubscribed(personId, unsubscribed, Timestamps.truncate(now)));
    }

    /**
     * Removes the person's devices, profile and history; no write racing the forget outlives it.
     * Forgetting an unknown person is harmless.
     *
     * @throws RegistryException {@code conflict} when the person's items kept changing
     */
    public void forget(String personId, Instant now) {
        retry.run(attempt -> {
            store.forgetPerson(personId, now);
            return null;
        });
    }

    private static RegistryException unknown(String personId) {
        return new RegistryException(ErrorCode.NOT_FOUND, "no person with id " + personId, "person_id");
    }
}
