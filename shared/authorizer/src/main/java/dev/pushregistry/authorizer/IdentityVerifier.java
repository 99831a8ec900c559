package dev.pushregistry.authorizer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitedJWKSetSource;
import com.nimbusds.jose.jwk.source.RetryingJWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.pushregistry.http.auth.AuthenticationException;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Checks identity tokens: JWTs the customer's backend signs (RS256 or ES256) with a key from its
 * JWKS document, whose {@code sub} is the person the app acts for. A token must be signed by a key
 * of the set (several may be valid at once), unexpired (60 s of clock skew allowed) and carry a
 * subject, expire within the {@link IdentityClaims#maxLifetime() longest lifetime}, carry
 * {@code typ: JWT} or no {@code typ}, and, when {@link IdentityClaims} ask for them, name the expected
 * issuer and audience; anything else, {@code alg: none} included, is refused. A key source that cannot
 * answer (the JWKS URL down before any key was fetched) refuses the token too: an identity token is
 * never the reason for a 500. Built on nimbus-jose-jwt.
 */
public final class IdentityVerifier {
    /** Clock skew allowed on {@code exp} and {@code nbf}, in seconds. */
    public static final int MAX_CLOCK_SKEW_SECONDS = 60;

    /** How long a fetched key set is used before it is fetched again. */
    static final Duration CACHE_TIME_TO_LIVE = Duration.ofMinutes(5);
    /** The window in which at most two fetches happen, however many unknown key ids tokens name. */
    static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
    /** How long the keys last fetched keep working while the JWKS URL cannot be fetched. */
    static final Duration OUTAGE_TOLERANCE = Duration.ofHours(24);

    private final DefaultJWTProcessor<SecurityContext> processor;

    private IdentityVerifier(JWKSource<SecurityContext> keys, IdentityClaims expected, Clock clock) {
        DefaultJWTProcessor<SecurityContext> jwt = new DefaultJWTProcessor<>();
        jwt.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
        jwt.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
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

            @Override
            public void verify(JWTClaimsSet claimsSet, SecurityContext context) throws BadJWTException {
                super.verify(claimsSet, context);
                requireLifetimeWithin(claimsSet, expected.maxLifetime(), clock.instant());
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

    private static void requireLifetimeWithin(JWTClaimsSet claims, Duration maxLifetime, Instant now)
            throws BadJWTException {
        Instant expires = claims.getExpirationTime().toInstant();
        Duration skew = Duration.ofSeconds(MAX_CLOCK_SKEW_SECONDS);
        if (expires.isAfter(now.plus(maxLifetime).plus(skew))) {
            throw new BadJWTException("its expiry is further away than the longest lifetime allowed ("
                    + maxLifetime.toSeconds() + " s)");
        }
        Date issued = claims.getIssueTime();
        if (issued != null && Duration.between(issued.toInstant(), expires).compareTo(maxLifetime) > 0) {
            throw new BadJWTException("it was issued for longer than the longest lifetime allowed ("
                    + maxLifetime.toSeconds() + " s)");
        }
    }

    /**
     * Keys from a JWKS document the customer's backend publishes. The set is cached (five minutes)
     * and fetched again when a token names a key the cache does not hold, at most twice in 30
     * seconds, so a newly added key is accepted without waiting for the cache to expire and a flood
     * of unknown key ids cannot make the registry hammer the backend. Keys already fetched keep
     * working for 24 hours while the URL cannot be fetched (or its refresh is rate limited).
     */
    public static IdentityVerifier fromJwksUrl(URL jwksUrl, IdentityClaims expected, Clock clock) {
        return fromJwksUrl(jwksUrl, expected, clock, CACHE_TIME_TO_LIVE, MIN_REFRESH_INTERVAL, OUTAGE_TOLERANCE);
    }

    /** As deployed, with other timings; a cache time to live of zero fetches on every token. */
    static IdentityVerifier fromJwksUrl(URL jwksUrl, IdentityClaims expected, Clock clock, Duration cacheTimeToLive,
            Duration minRefreshInterval, Duration outageTolerance) {
        URLBasedJWKSetSource<SecurityContext> fetched = new URLBasedJWKSetSource<>(jwksUrl, new DefaultResourceRetriever(
                JWKSourceBuilder.DEFAULT_HTTP_CONNECT_TIMEOUT, JWKSourceBuilder.DEFAULT_HTTP_READ_TIMEOUT,
                JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT));
        RateLimitedJWKSetSource<SecurityContext> limited = new RateLimitedJWKSetSource<>(
                new RetryingJWKSetSource<>(fetched, null), minRefreshInterval.toMillis(), null);
        JWKSetSource<SecurityContext> cached = cacheTimeToLive.isZero() ? limited : new CachingJWKSetSource<>(limited,
                cacheTimeToLive.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT, null);
        return new IdentityVerifier(new JWKSetBasedJWKSource<>(new LastKnownKeys(cached, outageTolerance)), expected,
                clock);
    }

    /**
     * The subject of a valid token.
     *
     * @throws AuthenticationException saying what is wrong (never repeating the token), also when
     *     no key set can be had right now
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
            throw AuthenticationException.unauthorized("the identity token could not be checked: no identity keys "
                    + "are available right now");
        } catch (JOSEException failure) {
            throw AuthenticationException.unauthorized("the identity token could not be verified");
        }
    }
}
