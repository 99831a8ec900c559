package dev.pushregistry.core.person;

import java.time.Instant;
import java.util.Objects;

/**
 * What the registry knows about a person apart from their devices.
 *
 * @param personId the customer's own stable id
 * @param unsubscribed whether the person opted out of every non-transactional push
 * @param createdAt when the registry first heard of the person
 * @param updatedAt when the profile last changed
 */
public record PersonProfile(String personId, boolean unsubscribed, Instant createdAt, Instant updatedAt) {
    public PersonProfile {
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
