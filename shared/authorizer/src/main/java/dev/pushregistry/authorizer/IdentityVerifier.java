package dev.pushregistry.authorizer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.pushregistry.auth.AuthenticationException;
import dev.pushregistry.error.ErrorCode;
import dev.pushregistry.error.RegistryException;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Checks identity tokens: JWTs the customer's backend signs (RS256 or ES256) with a key from its
 * JWKS document, whose {@code sub} is the person the app acts for. A token must be signed by a key
 * of the set (several may be valid at once), unexpired (60 s of clock skew allowed) and carry a
 * subject, and, when {@link IdentityClaims} ask for them, name the expected issuer and audience;
 * anything else, {@code alg: none} included, is refused. Built on nimbus-jose-jwt.
 */
public final class IdentityVerifier {
    /** Clock skew allowed on {@code exp} and {@code nbf}, in seconds. */
    public static final int MAX_CLOCK_SKEW_SECONDS = 60;

    private final DefaultJWTProcessor<SecurityContext> processor;

    private IdentityVerifier(JWKSource<SecurityContext> keys, IdentityClaims expected, Clock clock) {
        DefaultJWTProcessor<SecurityContext> jwt = new DefaultJWTProcessor<>();
        jwt.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
        Set<String> required = new HashSet<>(Set.of("sub", "exp"));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (expected.issuer() != null) {
            exact.issuer(expected.issuer());
        }
        if (expected.audience() != null) {
            required.add("aud");
        }
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(expected.audience(),
                exact.build(), required) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        jwt.setJWTClaimsSetVerifier(claims);
        this.processor = jwt;
    }

    /** Keys from a JWKS document given as text (locally, a file). */
    public static IdentityVerifier fromJwks(String jwksJson, IdentityClaims expected, Clock clock) {
        try {
            return new IdentityVerifier(new ImmutableJWKSet<>(JWKSet.parse(jwksJson)), expected, clock);
        } catch (ParseException malformed) {
            throw new IllegalStateException("the identity JWKS document is not a JWK set");
        }
    }

    /**
     * Keys from a JWKS document the customer's backend publishes. The set is cached (five minutes)
     * and fetched again, within a rate limit, when a token names a key the cache does not hold, so
     * a newly added key is accepted without waiting for the cache to expire.
     */
    public static IdentityVerifier fromJwksUrl(URL jwksUrl, IdentityClaims expected, Clock clock) {
        return new IdentityVerifier(JWKSourceBuilder.create(jwksUrl).retrying(true).build(), expected, clock);
    }

    /**
     * The subject of a valid token.
     *
     * @throws AuthenticationException saying what is wrong (never repeating the token)
     * @throws RegistryException {@code internal} when the JWKS document cannot be fetched
     */
    public String verifiedSubject(String token) {
        Objects.requireNonNull(token, "token");
        try {
            return processor.process(token, null).getSubject();
        } catch (ParseException malformed) {
            throw AuthenticationException.unauthorized("the identity token is not a signed JWT");
        } catch (BadJOSEException refused) {
            throw AuthenticationException.unauthorized("the identity token is not valid: " + refused.getMessage());
        } catch (KeySourceException unavailable) {
            throw new RegistryException(ErrorCode.INTERNAL, "the identity JWKS could not be fetched: "
                    + unavailable.getMessage());
        } catch (JOSEException failure) {
            throw AuthenticationException.unauthorized("the identity token could not be verified");
        }
    }
}
