package dev.pushregistry.authorizer;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost layer of the identity key source: when the layers below cannot give a key set
 * right now (the JWKS URL is down, or its refresh is rate limited because tokens with unknown key
 * ids asked for it), the set last fetched is answered instead, for at most the outage tolerance
 * after it was fetched. Keys already known keep working through an outage and through a flood of
 * unknown key ids; a key the last set lacks is simply not found (the token is refused).
 */
final class LastKnownKeys implements JWKSetSource<SecurityContext> {
    private static final Logger LOG = LoggerFactory.getLogger(LastKnownKeys.class);

    private final JWKSetSource<SecurityContext> source;
    private final long toleranceMillis;
    private volatile Fetched last;

    private record Fetched(JWKSet keys, long at) {
    }

    LastKnownKeys(JWKSetSource<SecurityContext> source, Duration outageTolerance) {
        this.source = source;
        this.toleranceMillis = outageTolerance.toMillis();
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
            throws KeySourceException {
        try {
            JWKSet keys = source.getJWKSet(refreshEvaluator, currentTime, context);
            Fetched known = last;
            if (known == null || known.keys() != keys) {
                last = new Fetched(keys, currentTime);
            }
            return keys;
        } catch (KeySourceException unavailable) {
            Fetched known = last;
            if (known == null || currentTime - known.at() >= toleranceMillis) {
                LOG.warn("identity keys unavailable and none fetched in the last {} s: {}", toleranceMillis / 1000,
                        unavailable.getMessage());
                throw unavailable;
            }
            if (!(unavailable instanceof RateLimitReachedException)) {
                LOG.warn("identity JWKS could not be fetched, using the keys fetched {} s ago: {}",
                        (currentTime - known.at()) / 1000, unavailable.getMessage());
            }
            return known.keys();
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
