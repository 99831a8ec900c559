package dev.pushregistry.functions.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.local.services.cloudformation.Stack;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.testing.Bodies;
import dev.pushregistry.testing.LambdaInvocations;
import dev.pushregistry.testing.LocalAws;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SampleKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With identity verification on, nobody takes another person's pushes through a refresh: a register
 * whose {@code previous_token} names a token a person owns needs that person's identity token, or it
 * is {@code 401} and writes nothing; the owner refreshing their own token, and a refresh of a token
 * nobody owns, keep working. The function is wired from its environment, as deployed.
 */
class RegisterTakeOverTest {
    private static final String ISSUER = "https://backend.example";
    private static final String AUDIENCE = "push-registry";
    private static RSAKey signer;
    private static Path jwks;

    @TempDir
    static Path folder;

    private final TestRegistry registry = TestRegistry.create();

    @BeforeAll
    static void keys() throws Exception {
        signer = new RSAKeyGenerator(2048).keyID("backend").generate();
        jwks = Files.writeString(folder.resolve("jwks.json"), new JWKSet(signer.toPublicJWK()).toString());
    }

    private RegisterHandler handler(boolean verification) {
        Stack.Builder stack = LocalAws.get().stack()
                .parameter("ApiKeysSecretArn", "arn:aws:secretsmanager:eu-central-1:000000000000:secret:keys-Ab12Cd")
                .parameter("IdentityVerification", verification ? "on" : "off")
                .resource("RegistryTable", Map.of("Ref", registry.table()));
        if (verification) {
            stack.parameter("IdentityJwksUrl", "https://backend.example/.well-known/jwks.json")
                    .parameter("IdentityIssuer", ISSUER).parameter("IdentityAudience", AUDIENCE);
        }
        LocalAws.Deployment deployed = LocalAws.get().deploy(stack.build());
        Map<String, String> environment = new HashMap<>(deployed.environment("RegisterFunction"));
        deployed.variables("RegisterFunction").forEach((name, value) -> {
            if (name.startsWith("IDENTITY_")) {
                environment.put(name, value);
            }
        });
        environment.put("TABLE_NAME", registry.table());
        environment.put("DEFAULT_APP_ID", TestRegistry.APP);
        environment.put("APP_IDS", TestRegistry.OTHER_APP);
        environment.put("APP_KEYS", SampleKeys.APP_KEY);
        environment.put("SERVER_KEYS", SampleKeys.SERVER_KEY);
        if (verification) {
            // the keys the deployed URL would serve, as a file: nothing here answers https://backend.example
            environment.remove("IDENTITY_JWKS_URL");
            environment.put("PUSH_REGISTRY_IDENTITY_JWKS", jwks.toString());
        }
        return new RegisterHandler(RegisterHandler.partsFrom(new Settings(environment), Clock.systemUTC()));
    }

    private static String identityToken(String person) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(person).issuer(ISSUER).audience(AUDIENCE).expirationTime(Date.from(new Date().toInstant().plusSeconds(600)))
                        .build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private static APIGatewayV2HTTPResponse refresh(RegisterHandler handler, String token, String previous,
                                                    String identityToken) {
        APIGatewayV2HTTPEvent event = SampleEvents.withBody("register.json",
                Bodies.device(token, "ios").put("previous_token", previous).toString());
        if (identityToken != null) {
            Map<String, String> headers = new HashMap<>(event.getHeaders());
            headers.put("x-identity-token", identityToken);
            event.setHeaders(headers);
        }
        return LambdaInvocations.http(handler, "RegisterFunction", event);
    }

    @Test
    void aRefreshOfAPersonsTokenWithoutTheirIdentityTokenIsRefusedAndWritesNothing() throws Exception {
        RegisterHandler register = handler(true);
        String victims = registry.identifiedIosDevice("victim");
        List<String> before = registry.snapshot();

        APIGatewayV2HTTPResponse without = refresh(register, Tokens.apns(), victims, null);
        APIGatewayV2HTTPResponse asSomeoneElse = refresh(register, Tokens.apns(), victims, identityToken("attacker"));

        assertEquals(401, without.getStatusCode(), without.getBody());
        assertEquals("unauthorized", Bodies.json(without).at("/error/code").asText());
        assertEquals(401, asSomeoneElse.getStatusCode(), asSomeoneElse.getBody());
        assertEquals(before, registry.snapshot(), "nothing written: the victim keeps the token and the pushes");
        assertEquals(Optional.of("victim"), registry.device(victims).orElseThrow().personId());
    }

    @Test
    void theOwnerRefreshesTheirOwnTokenWithTheirIdentityToken() throws Exception {
        RegisterHandler register = handler(true);
        String old = registry.identifiedIosDevice("owner");
        String fresh = Tokens.apns();

        APIGatewayV2HTTPResponse refreshed = refresh(register, fresh, old, identityToken("owner"));

        assertEquals(200, refreshed.getStatusCode(), refreshed.getBody());
        assertEquals(Optional.of("owner"), registry.device(fresh).orElseThrow().personId());
        assertTrue(registry.device(old).isEmpty(), "the replaced token is gone");
        registry.assertConsistent();
    }

    @Test
    void aRefreshOfATokenNobodyOwnsNeedsNoIdentityToken() {
        RegisterHandler register = handler(true);
        String anonymous = Tokens.apns();
        assertEquals(200, refresh(register, anonymous, null, null).getStatusCode());
        String fresh = Tokens.apns();

        APIGatewayV2HTTPResponse refreshed = refresh(register, fresh, anonymous, null);

        assertEquals(200, refreshed.getStatusCode(), refreshed.getBody());
        assertTrue(registry.device(fresh).orElseThrow().personId().isEmpty());
    }

    @Test
    void aBadIdentityTokenOnARegisterIsRefused() {
        RegisterHandler register = handler(true);
        APIGatewayV2HTTPResponse refused = refresh(register, Tokens.apns(), null, "not.a.token");
        assertEquals(401, refused.getStatusCode(), refused.getBody());
    }

    @Test
    void withVerificationOffTheAppKeyMayRefreshAnyTokenAsTheReadmeSays() {
        RegisterHandler register = handler(false);
        String owned = registry.identifiedIosDevice("someone");
        String fresh = Tokens.apns();

        assertEquals(200, refresh(register, fresh, owned, null).getStatusCode());
        assertEquals(Optional.of("someone"), registry.device(fresh).orElseThrow().personId());
    }
}
