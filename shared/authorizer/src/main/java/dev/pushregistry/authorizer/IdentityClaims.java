package dev.pushregistry.authorizer;

/**
 * What an identity token must say besides its subject and expiry: the issuer ({@code iss}) and an
 * audience ({@code aud}) the customer's backend puts in the tokens it signs for the registry. Either
 * may be {@code null} (not checked). Requiring them keeps other tokens signed with the same keys
 * (the backend's session tokens, say) from being accepted as identity tokens.
 *
 * @param issuer the exact {@code iss}, or {@code null}
 * @param audience a value {@code aud} must hold, or {@code null}
 */
public record IdentityClaims(String issuer, String audience) {
    /** Only the subject and expiry are checked. */
    public static final IdentityClaims SUBJECT_AND_EXPIRY = new IdentityClaims(null, null);

    public IdentityClaims {
        issuer = blankToNull(issuer);
        audience = blankToNull(audience);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
