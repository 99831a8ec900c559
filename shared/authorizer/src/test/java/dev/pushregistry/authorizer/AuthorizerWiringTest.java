package dev.pushregistry.authorizer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.http.auth.AuthenticationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identity verification is what the deployment chose, and a choice without its keys does not start. */
class AuthorizerWiringTest {
    @TempDir
    Path folder;

    private static Authorizer wired(Map<String, String> identity) {
        Map<String, String> variables = new HashMap<>(Map.of("APP_KEYS", "app-1", "SERVER_KEYS", "server-1"));
        variables.putAll(identity);
        return AuthorizerWiring.authorizer(new Settings(variables), Clock.systemUTC());
    }

    /** Whether an identify with the app key alone is refused for want of an identity token. */
    private static boolean verifies(Authorizer authorizer) {
        try {
            authorizer.authorize("POST /v1/identify", Map.of("x-api-key", "app-1")).requirePerson("cust-42");
            return false;
        } catch (AuthenticationException refused) {
            return true;
        }
    }

    @Test
    void onWithoutKeysAndOffWithKeysRefuseToStart() throws Exception {
        Path jwks = Files.writeString(folder.resolve("jwks.json"),
                new JWKSet(new RSAKeyGenerator(2048).keyID("k").generate().toPublicJWK()).toString());

        IllegalStateException onWithoutKeys = assertThrows(IllegalStateException.class,
                () -> wired(Map.of("IDENTITY_VERIFICATION", "on")));
        IllegalStateException offWithKeys = assertThrows(IllegalStateException.class,
                () -> wired(Map.of("IDENTITY_VERIFICATION", "off", "PUSH_REGISTRY_IDENTITY_JWKS", jwks.toString())));
        assertThrows(IllegalStateException.class, () -> wired(Map.of("IDENTITY_VERIFICATION", "maybe")));

        assertTrue(onWithoutKeys.getMessage().contains("no JWKS"), onWithoutKeys.getMessage());
        assertTrue(offWithKeys.getMessage().contains("off"), offWithKeys.getMessage());
        assertTrue(verifies(wired(Map.of("IDENTITY_VERIFICATION", "on", "PUSH_REGISTRY_IDENTITY_JWKS", jwks.toString()))));
        assertTrue(!verifies(wired(Map.of("IDENTITY_VERIFICATION", "off"))));
        assertTrue(verifies(wired(Map.of("PUSH_REGISTRY_IDENTITY_JWKS", jwks.toString()))), "locally a named JWKS turns it on");
    }
}
