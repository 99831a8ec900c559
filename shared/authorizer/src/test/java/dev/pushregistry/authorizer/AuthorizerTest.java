package dev.pushregistry.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.http.auth.Audience;
import dev.pushregistry.http.auth.AuthenticationException;
import dev.pushregistry.http.auth.Grant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Keys and identity tokens, case by case, as the authorizer sees them. */
class AuthorizerTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String APP_KEY = "app-key-2026";
    private static final String SERVER_KEY = "server-key-current";
    private static final String NEXT_SERVER_KEY = "server-key-next";
    private static final String COURIER_KEY = "courier-app-key";
    private static final Apps APPS = Apps.of("shop", "courier");

    private final ApiKeys keys = ApiKeys.fromDigests("{\"app_key_sha256\":[\"" + ApiKeys.hexDigest(APP_KEY) + "\"],"
            + "\"app_keys_sha256\":{\"courier\":[\"" + ApiKeys.hexDigest(COURIER_KEY) + "\"]},"
            + "\"server_key_sha256\":[\"" + ApiKeys.hexDigest(SERVER_KEY) + "\",\"" + ApiKeys.hexDigest(NEXT_SERVER_KEY) + "\"]}",
            APPS);
    private final RSAKey rsa = generate(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());
    private final ECKey ec = generate(() -> new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate());
    private final RSAKey stranger = generate(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());
    private final Authorizer withoutIdentity = new Authorizer(() -> keys, APPS, null);
    private final Authorizer withIdentity = new Authorizer(() -> keys, APPS, IdentityVerifier.fromJwks(
            new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString(), IdentityClaims.SUBJECT_AND_EXPIRY, CLOCK));

    private interface KeyMaker<T> {
        T make() throws Exception;
    }

    private static <T> T generate(KeyMaker<T> maker) {
        try {
            return maker.make();
        } catch (Exception failure) {
            throw new IllegalStateException(failure);
        }
    }

    private static ErrorCode refusal(Runnable call) {
        return assertThrows(AuthenticationException.class, call::run).code();
    }

    private static JWTClaimsSet claims(String subject, Instant expires) {
        return new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(expires)).issueTime(Date.from(NOW)).build();
    }

    private static String rsaToken(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private String ecToken(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(ec));
        return jwt.serialize();
    }

    private static Map<String, String> app(String token) {
        return token == null ? Map.of("x-api-key", APP_KEY) : Map.of("x-api-key", APP_KEY, "x-identity-token", token);
    }

    @Test
    void noKeyOrAnUnknownKeyIsUnauthorizedEverywhere() {
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> withoutIdentity.authorize("POST /v1/devices", Map.of())));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> withoutIdentity.authorize("POST /v1/devices",
                Map.of("x-api-key", "guessed"))));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> withoutIdentity.authorize("GET /v1/people/{person_id}/devices",
                Map.of("authorization", "Bearer guessed"))));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> withoutIdentity.authorize("POST /v1/sends",
                Map.of("authorization", "Basic " + SERVER_KEY))));
    }

    @Test
    void theAppKeyOpensAppEndpointsAndIsForbiddenOnBackendOnes() {
        assertEquals(Audience.APP, withoutIdentity.authorize("POST /v1/devices", app(null)).audience());
        assertEquals(ErrorCode.FORBIDDEN, refusal(() -> withoutIdentity.authorize("GET /v1/people/{person_id}/devices", app(null))));
        assertEquals(ErrorCode.FORBIDDEN, refusal(() -> withoutIdentity.authorize("POST /v1/sends",
                Map.of("authorization", "Bearer " + APP_KEY))));
    }

    @Test
    void bothServerKeysOfARotationWorkAndARetiredOneDoesNot() {
        assertEquals(Audience.BACKEND, withoutIdentity.authorize("POST /v1/sends",
                Map.of("authorization", "Bearer " + SERVER_KEY)).audience());
        assertEquals(Audience.BACKEND, withoutIdentity.authorize("DELETE /v1/people/{person_id}",
                Map.of("authorization", "bearer " + NEXT_SERVER_KEY)).audience());
        ApiKeys rotated = ApiKeys.fromPlainKeys(Map.of("shop", List.of(APP_KEY)), List.of(NEXT_SERVER_KEY));
        Authorizer afterRotation = new Authorizer(() -> rotated, APPS, null);
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> afterRotation.authorize("POST /v1/sends",
                Map.of("authorization", "Bearer " + SERVER_KEY))));
    }

    @Test
    void aValidIdentityTokenFromEitherKeyOfTheSetNamesItsPerson() throws Exception {
        Grant fromRsa = withIdentity.authorize("POST /v1/identify",
                app(rsaToken(rsa, claims("cust-42", NOW.plusSeconds(300)))));
        Grant fromEc = withIdentity.authorize("POST /v1/logout", app(ecToken(claims("cust-7", NOW.plusSeconds(300)))));

        assertEquals("cust-42", fromRsa.identitySubject().orElseThrow());
        assertEquals("cust-7", fromEc.identitySubject().orElseThrow());
        fromRsa.requirePerson("cust-42");
        Grant register = withIdentity.authorize("POST /v1/devices", app(null));
        assertTrue(register.identitySubject().isEmpty(), "a register needs no identity token to pass the check");
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> register.requirePerson("cust-42")),
                "but taking over a person's token needs theirs");
        Grant owner = withIdentity.authorize("POST /v1/devices", app(rsaToken(rsa, claims("cust-42", NOW.plusSeconds(300)))));
        owner.requirePerson("cust-42");
        assertFalse(withoutIdentity.authorize("POST /v1/devices", app(null)).identityRequired(), "verification off: nothing needed");
    }

    @Test
    void aTokenForAnotherPersonIsUnauthorized() throws Exception {
        Grant grant = withIdentity.authorize("POST /v1/identify",
                app(rsaToken(rsa, claims("cust-42", NOW.plusSeconds(300)))));

        assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> grant.requirePerson("cust-7")));
    }

    @Test
    void expiryAllowsSixtySecondsOfSkewAndNoMore() throws Exception {
        withIdentity.authorize("POST /v1/identify", app(rsaToken(rsa, claims("cust-42", NOW.minusSeconds(30)))));
        String expired = rsaToken(rsa, claims("cust-42", NOW.minusSeconds(120)));
        String neverExpires = rsaToken(rsa, new JWTClaimsSet.Builder().subject("cust-42").build());

        assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> withIdentity.authorize("POST /v1/identify", app(expired))));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> withIdentity.authorize("POST /v1/identify", app(neverExpires))));
    }

    @Test
    void aTokenThatLivesLongerThanTheLongestLifetimeIsUnauthorized() throws Exception {
        String withinAnHour = rsaToken(rsa, claims("cust-42", NOW.plusSeconds(3_500)));
        String forAYear = rsaToken(rsa, claims("cust-42", NOW.plus(Duration.ofDays(365))));
        String issuedForTwoHours = rsaToken(rsa, new JWTClaimsSet.Builder().subject("cust-42")
                .issueTime(Date.from(NOW.minus(Duration.ofMinutes(110)))).expirationTime(Date.from(NOW.plusSeconds(600)))
                .build());
        Authorizer lenient = new Authorizer(() -> keys, APPS, IdentityVerifier.fromJwks(new JWKSet(rsa.toPublicJWK()).toString(),
                new IdentityClaims(null, null, Duration.ofDays(400)), CLOCK));

        assertEquals("cust-42", withIdentity.authorize("POST /v1/identify", app(withinAnHour)).identitySubject().orElseThrow());
        for (String token : new String[] {forAYear, issuedForTwoHours}) {
            assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> withIdentity.authorize("POST /v1/identify", app(token))));
        }
        assertEquals("cust-42", lenient.authorize("POST /v1/identify", app(forAYear)).identitySubject().orElseThrow(),
                "the bound is a setting");
    }

    @Test
    void aTokenTypedAsAnythingButAJwtIsUnauthorized() throws Exception {
        JWTClaimsSet claims = claims("cust-42", NOW.plusSeconds(300));
        SignedJWT accessToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        accessToken.sign(new RSASSASigner(rsa));

        assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> withIdentity.authorize("POST /v1/identify",
                app(accessToken.serialize()))));
        assertEquals("cust-42", withIdentity.authorize("POST /v1/identify", app(rsaToken(rsa, claims))).identitySubject()
                .orElseThrow(), "typ: JWT");
        assertEquals("cust-42", withIdentity.authorize("POST /v1/identify", app(ecToken(claims))).identitySubject()
                .orElseThrow(), "no typ");
    }

    @Test
    void unknownKeysNoneAlgorithmTamperingAndMissingTokensAreUnauthorized() throws Exception {
        String unknownKey = rsaToken(stranger, claims("cust-42", NOW.plusSeconds(300)));
        String none = new PlainJWT(claims("cust-42", NOW.plusSeconds(300))).serialize();
        String genuine = rsaToken(rsa, claims("cust-42", NOW.plusSeconds(300)));
        String[] parts = genuine.split("\\.");
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims("cust-7", NOW.plusSeconds(300)).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String tampered = parts[0] + "." + forgedPayload + "." + parts[2];

        for (String token : new String[] {unknownKey, none, tampered, "not-a-jwt", genuine + "x"}) {
            assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> withIdentity.authorize("POST /v1/identify", app(token))));
        }
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> withIdentity.authorize("POST /v1/logout", app(null))));
        AuthenticationException refused = assertThrows(AuthenticationException.class,
                () -> withIdentity.authorize("POST /v1/identify", app(tampered)));
        assertFalse(refused.getMessage().contains(tampered), "the token is not repeated back");
    }

    @Test
    void whenIssuerAndAudienceAreRequiredOtherTokensFromTheSameKeysAreUnauthorized() throws Exception {
        Authorizer strict = new Authorizer(() -> keys, APPS, IdentityVerifier.fromJwks(new JWKSet(rsa.toPublicJWK()).toString(),
                new IdentityClaims("https://backend.example", "push-registry", IdentityClaims.DEFAULT_MAX_LIFETIME), CLOCK));
        JWTClaimsSet.Builder base = new JWTClaimsSet.Builder().subject("cust-42").expirationTime(Date.from(NOW.plusSeconds(300)));

        String right = rsaToken(rsa, base.issuer("https://backend.example").audience(List.of("push-registry", "other")).build());
        String session = rsaToken(rsa, base.issuer("https://backend.example").audience("web-session").build());
        String otherIssuer = rsaToken(rsa, base.issuer("https://elsewhere.example").audience("push-registry").build());
        String noAudience = rsaToken(rsa, new JWTClaimsSet.Builder().subject("cust-42").issuer("https://backend.example")
                .expirationTime(Date.from(NOW.plusSeconds(300))).build());

        assertEquals("cust-42", strict.authorize("POST /v1/identify", app(right)).identitySubject().orElseThrow());
        for (String token : new String[] {session, otherIssuer, noAudience}) {
            assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> strict.authorize("POST /v1/identify", app(token))));
        }
        assertEquals("cust-42", withIdentity.authorize("POST /v1/identify", app(session)).identitySubject().orElseThrow(),
                "without the setting, issuer and audience are not checked");
    }

    @Test
    void storedKeysMustBeDigestsAndAreNeverShownWhenMalformed() {
        IllegalStateException malformed = assertThrows(IllegalStateException.class,
                () -> ApiKeys.fromDigests("{\"app_key_sha256\":[\"" + APP_KEY + "\"]}", APPS));
        assertFalse(malformed.getMessage().contains(APP_KEY));
        assertTrue(ApiKeys.fromDigests("{}", APPS).holderOf(APP_KEY).isEmpty(), "no keys: nothing is valid");
    }

    @Test
    void anAppKeyActsForItsOwnAppAndAServerKeyForTheAppItNames() {
        Grant shop = withoutIdentity.authorize("POST /v1/devices", Map.of("x-api-key", APP_KEY));
        Grant courier = withoutIdentity.authorize("POST /v1/devices", Map.of("x-api-key", COURIER_KEY));
        Grant server = withoutIdentity.authorize("POST /v1/devices", Map.of("authorization", "Bearer " + SERVER_KEY));

        assertEquals("shop", shop.appFor(null), "app_key_sha256 holds the default app's keys");
        assertEquals("shop", shop.appFor("shop"));
        assertEquals("courier", courier.appFor(null));
        assertEquals(ErrorCode.FORBIDDEN, assertThrows(RegistryException.class, () -> shop.appFor("courier")).code());
        assertEquals("courier", server.appFor("courier"));
        RegistryException unnamed = assertThrows(RegistryException.class, () -> server.appFor(null));
        assertEquals(ErrorCode.MISSING_FIELD, unnamed.code(), "two apps: the server must say which");
        assertEquals("app_id", unnamed.field());
        assertEquals(ErrorCode.INVALID_APP, assertThrows(RegistryException.class, () -> server.appFor("kiosk")).code());
        Grant onlyApp = new Authorizer(() -> keys, Apps.of("shop"), null)
                .authorize("POST /v1/devices", Map.of("authorization", "Bearer " + SERVER_KEY));
        assertEquals("shop", onlyApp.appFor(null), "one app: the server need not name it");
    }

    @Test
    void keysOfAnAppTheDeploymentDoesNotServeAreNotValid() {
        ApiKeys stored = ApiKeys.fromDigests("{\"app_keys_sha256\":{\"kiosk\":[\"" + ApiKeys.hexDigest("kiosk-key")
                + "\"],\"courier\":[\"" + ApiKeys.hexDigest(COURIER_KEY) + "\"]}}", APPS);

        assertTrue(stored.holderOf("kiosk-key").isEmpty());
        assertEquals(Optional.of("courier"), stored.holderOf(COURIER_KEY).flatMap(ApiKeys.KeyHolder::appId));
    }
}
