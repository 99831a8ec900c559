package dev.pushregistry.http.auth;

import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request was granted: who the caller is (and, for an app key, its app), which apps the
 * deployment serves, and, for identify and logout with identity verification on, the person its
 * identity token names.
 *
 * @param audience whose key it presented
 * @param apps the deployment's apps: a server key may act for any of them
 * @param appId the app of the app key it presented; empty for a server key, which may act for any app
 * @param identitySubject the person its identity token names, when one was required
 * @param identityRequired whether identity verification applied to the request
 */
public record Grant(Audience audience, Apps apps, Optional<String> appId, Optional<String> identitySubject,
                    boolean identityRequired) {
    public Grant {
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(apps, "apps");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(identitySubject, "identitySubject");
        if (audience == Audience.APP && appId.isEmpty()) {
            throw new IllegalArgumentException("an app key belongs to an app");
        }
    }

    /**
     * @throws AuthenticationException {@code unauthorized} when identity verification applies
     *     and the token names someone other than {@code personId}
     */
    public void requirePerson(String personId) {
        if (identityRequired && identitySubject.isEmpty()) {
            throw AuthenticationException.unauthorized("an X-Identity-Token of the person is required");
        }
        if (identityRequired && !identitySubject.get().equals(personId)) {
            throw AuthenticationException.unauthorized("the identity token is for another person");
        }
    }

    /**
     * The app a device request acts in: an app key's own app (a body that names another is
     * {@code 403}), or, for a server key, the app the body names ({@link Apps#resolve}).
     *
     * @param named the {@code app_id} the body gives, or {@code null}
     * @throws RegistryException {@code forbidden}, {@code missing_field} or {@code invalid_app}
     */
    public String appFor(String named) {
        if (appId.isPresent()) {
            if (named != null && !named.equals(appId.get())) {
                throw new RegistryException(ErrorCode.FORBIDDEN, "the app key cannot act for another app", "app_id");
            }
            return appId.get();
        }
        return apps.resolve(named, "app_id");
    }
}
