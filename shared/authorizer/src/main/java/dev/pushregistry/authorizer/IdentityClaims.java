package dev.pushregistry.authorizer;

import java.time.Duration;
import java.util.Objects;

/**
 * What an identity token must say besides its subject and expiry: the issuer ({@code iss}) and an
 * audience ({@code aud}) the customer's backend puts in the tokens it signs for the registry, and
 * how far in the future its {@code exp} may lie. Issuer and audience may be {@code null} (not
 * checked). Requiring them keeps other tokens signed with the same keys (the backend's session
 * tokens, say) from being accepted as identity tokens; the lifetime bound keeps a token that leaks
 * from being good for months.
 *
 * @param issuer the exact {@code iss}, or {@code null}
 * @param audience a value {@code aud} must hold, or {@code null}
 * @param maxLifetime the longest a token may still be valid when it is checked (and, when it
 *     carries {@code iat}, the longest from issue to expiry)
 */
public record IdentityClaims(String issuer, String audience, Duration maxLifetime) {
    /** The lifetime bound unless the deployment sets another: one hour. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(1);

    /** Only the subject and expiry are checked, with the default lifetime bound. */
    public static final IdentityClaims SUBJECT_AND_EXPIRY = new IdentityClaims(null, null, DEFAULT_MAX_LIFETIME);

    public IdentityClaims {
        issuer = blankToNull(issuer);
        audience = blankToNull(audience);
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("the longest token lifetime must be positive");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
