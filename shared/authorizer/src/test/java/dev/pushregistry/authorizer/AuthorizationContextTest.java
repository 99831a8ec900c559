package dev.pushregistry.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.auth.Audience;
import dev.pushregistry.auth.AuthorizationContext;
import dev.pushregistry.auth.Grant;
import dev.pushregistry.error.ErrorCode;
import dev.pushregistry.error.RegistryException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict's trip from the authorizer to the endpoint, and the endpoint failing closed. */
class AuthorizationContextTest {
    private static final String APP_KEY = "app-key";
    private static final String SERVER_KEY = "server-key";
    private static final ApiKeys KEYS = ApiKeys.fromPlainKeys(List.of(APP_KEY), List.of(SERVER_KEY));
    private final Authorizer authorizer = new Authorizer(() -> KEYS, null);

    private static ErrorCode refusal(String routeKey, Map<String, ?> context) {
        return assertThrows(RegistryException.class, () -> AuthorizationContext.enforce(routeKey, context)).code();
    }

    @Test
    void anAllowedRequestArrivesWithItsGrant() {
        Map<String, String> context = authorizer.decide("POST /v1/devices", Map.of("x-api-key", APP_KEY));

        Grant grant = AuthorizationContext.enforce("POST /v1/devices", context);
        assertEquals(Audience.APP, grant.audience());
        assertFalse(grant.identityRequired());
        assertTrue(context.values().stream().noneMatch(value -> value.contains(APP_KEY)), "the key does not travel on");
    }

    @Test
    void refusalsArriveAsTheirOwnStatus() {
        Map<String, String> unknown = authorizer.decide("POST /v1/devices", Map.of("x-api-key", "guess"));
        Map<String, String> appOnBackend = authorizer.decide("POST /v1/sends",
                Map.of("authorization", "Bearer " + APP_KEY));

        assertEquals(ErrorCode.UNAUTHORIZED, refusal("POST /v1/devices", unknown));
        assertEquals(ErrorCode.FORBIDDEN, refusal("POST /v1/sends", appOnBackend));
    }

    @Test
    void anEndpointReachedWithoutAVerdictRefusesTheRequest() {
        assertEquals(ErrorCode.UNAUTHORIZED, refusal("POST /v1/devices", null));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal("GET /v1/people/{person_id}/devices", Map.of()));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal("POST /v1/devices", Map.of("verdict", "allow")));
    }

    @Test
    void anAppGrantNeverOpensABackendRouteWhateverTheVerdictSays() {
        Map<String, String> appGrant = authorizer.decide("POST /v1/devices", Map.of("x-api-key", APP_KEY));

        assertEquals(ErrorCode.FORBIDDEN, refusal("DELETE /v1/people/{person_id}", appGrant));
    }

    @Test
    void aGrantThatRequiresIdentityButNamesNoPersonIsRefused() {
        Map<String, Object> context = new HashMap<>(authorizer.decide("POST /v1/identify",
                Map.of("x-api-key", APP_KEY)));
        context.put("identity_required", "true");

        assertEquals(ErrorCode.UNAUTHORIZED, refusal("POST /v1/identify", context));
    }

    @Test
    void anAuthorizerThatFailsGivesAnInternalErrorNotAnOpenDoor() {
        Authorizer broken = new Authorizer(() -> {
            throw new IllegalStateException("no keys");
        }, null);

        Map<String, String> context = broken.decide("POST /v1/devices", Map.of("x-api-key", APP_KEY));

        assertEquals(ErrorCode.INTERNAL, refusal("POST /v1/devices", context));
    }
}
