package dev.pushregistry.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.http.auth.AuthenticationException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Identity keys fetched from a JWKS URL (a real HTTP server here) under attack and through outages:
 * a token no key can check is refused ({@code 401}), never a {@code 500}, and the keys already known
 * keep working when the URL is down or its refresh is spent on unknown key ids.
 */
class IdentityKeySourceTest {
    private static final Clock CLOCK = Clock.systemUTC();

    private final AtomicReference<String> served = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer jwks;
    private URL url;
    private RSAKey current;

    @BeforeEach
    void serveKeys() throws Exception {
        current = new RSAKeyGenerator(2048).keyID("backend-1").generate();
        served.set(new JWKSet(current.toPublicJWK()).toString());
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            String body = served.get();
            byte[] bytes = (body == null ? "unavailable" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(body == null ? 503 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        jwks.start();
        url = new URL("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
    }

    @AfterEach
    void stop() {
        jwks.stop(0);
    }

    private static String token(RSAKey key, String person) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(person).expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static ErrorCode refusal(IdentityVerifier verifier, String token) {
        return assertThrows(AuthenticationException.class, () -> verifier.verifiedSubject(token)).code();
    }

    @Test
    void aFloodOfUnknownKeyIdsIsUnauthorizedAndCostsTheBackendOneFetch() throws Exception {
        IdentityVerifier verifier = IdentityVerifier.fromJwksUrl(url, IdentityClaims.SUBJECT_AND_EXPIRY, CLOCK);
        assertEquals("cust-42", verifier.verifiedSubject(token(current, "cust-42")));

        for (int attempt = 0; attempt < 50; attempt++) {
            RSAKey forged = new RSAKeyGenerator(2048).keyID("forged-" + attempt).generate();
            assertEquals(ErrorCode.UNAUTHORIZED, refusal(verifier, token(forged, "cust-42")), "attempt " + attempt);
        }

        assertEquals("cust-42", verifier.verifiedSubject(token(current, "cust-42")), "the real key still works");
        assertTrue(fetches.get() <= 2, "at most one fetch besides the first within the rate limit: " + fetches.get());
    }

    @Test
    void knownKeysKeepWorkingThroughAnOutageAndUnknownOnesAreRefused() throws Exception {
        IdentityVerifier verifier = IdentityVerifier.fromJwksUrl(url, IdentityClaims.SUBJECT_AND_EXPIRY, CLOCK,
                Duration.ZERO, Duration.ZERO, Duration.ofHours(24));
        assertEquals("cust-42", verifier.verifiedSubject(token(current, "cust-42")));
        int fetchedBeforeTheOutage = fetches.get();
        served.set(null);

        assertEquals("cust-42", verifier.verifiedSubject(token(current, "cust-42")), "the known key through the outage");
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("backend-2").generate();
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(verifier, token(rotated, "cust-42")));
        assertTrue(fetches.get() > fetchedBeforeTheOutage, "the registry did try the URL");

        served.set(new JWKSet(rotated.toPublicJWK()).toString());
        assertEquals("cust-42", verifier.verifiedSubject(token(rotated, "cust-42")), "the new key once the URL is back");
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(verifier, token(current, "cust-42")),
                "a key the backend removed stops working once a fetch succeeds");
    }

    @Test
    void withNoKeysYetAnUnreachableUrlIsUnauthorizedNotAnInternalError() throws Exception {
        served.set(null);
        IdentityVerifier verifier = IdentityVerifier.fromJwksUrl(url, IdentityClaims.SUBJECT_AND_EXPIRY, CLOCK);

        AuthenticationException refused = assertThrows(AuthenticationException.class,
                () -> verifier.verifiedSubject(token(current, "cust-42")));

        assertEquals(ErrorCode.UNAUTHORIZED, refused.code());
        assertTrue(refused.getMessage().contains("no identity keys are available"), refused.getMessage());
    }

    @Test
    void pastTheOutageToleranceTheKnownKeysStopWorking() throws Exception {
        IdentityVerifier verifier = IdentityVerifier.fromJwksUrl(url, IdentityClaims.SUBJECT_AND_EXPIRY, CLOCK,
                Duration.ZERO, Duration.ZERO, Duration.ZERO);
        assertEquals("cust-42", verifier.verifiedSubject(token(current, "cust-42")));
        served.set(null);

        assertEquals(ErrorCode.UNAUTHORIZED, refusal(verifier, token(current, "cust-42")),
                "keys fetched longer ago than the tolerance are not trusted");
    }

    @Test
    void theUrlIsReadOnlyOnceWhileItsCacheIsFresh() throws Exception {
        IdentityVerifier verifier = IdentityVerifier.fromJwksUrl(url, IdentityClaims.SUBJECT_AND_EXPIRY, CLOCK);
        for (int call = 0; call < 20; call++) {
            assertEquals("cust-" + call, verifier.verifiedSubject(token(current, "cust-" + call)));
        }
        assertEquals(1, fetches.get());
    }
}
