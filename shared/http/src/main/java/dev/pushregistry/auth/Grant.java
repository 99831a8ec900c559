package dev.pushregistry.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * What a request was granted: who the caller is and, for identify and logout with
 * identity verification on, the person its identity token names.
 *
 * @param audience whose key it presented
 * @param identitySubject the person its identity token names, when one was required
 * @param identityRequired whether identity verification applied to the request
 */
public record Grant(Audience audience, Optional<String> identitySubject, boolean identityRequired) {
    public Grant {
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(identitySubject, "identitySubject");
    }

    /**
     * @throws AuthenticationException {@code unauthorized} when identity verification applies
     *     and the token names someone other than {@code personId}
     */
    public void requirePerson(String personId) {
        if (identityRequired && !identitySubject.map(personId::equals).orElse(false)) {
            throw AuthenticationException.unauthorized("the identity token is for another person");
        }
    }
}
