package dev.pushregistry.authorizer;

import dev.pushregistry.core.app.Apps;
import dev.pushregistry.http.auth.AccessCheck;
import dev.pushregistry.http.auth.Audience;
import dev.pushregistry.http.auth.AuthenticationException;
import dev.pushregistry.http.auth.Grant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides whether a request may reach its endpoint, from its route and headers: the access check
 * every endpoint function runs first, deployed and in the local stack.
 *
 * <ul>
 *   <li>The key comes from {@code Authorization: Bearer <key>} or {@code X-Api-Key}. A missing or
 *       unknown key is {@code 401}; an app key on a backend endpoint is {@code 403}; a server key
 *       may call every endpoint. An app key's grant names its app.</li>
 *   <li>With identity verification on, identify and logout also need an {@code X-Identity-Token}
 *       that {@link IdentityVerifier} accepts; its subject goes with the grant, and the endpoint
 *       checks it against the request's {@code person_id} ({@link Grant#requirePerson}). A register
 *       may carry one (a bad one is {@code 401}): it needs it only when its {@code previous_token}
 *       names a token someone owns, for that person.</li>
 * </ul>
 */
public final class Authorizer implements AccessCheck {
    static final String API_KEY_HEADER = "x-api-key";
    static final String AUTHORIZATION_HEADER = "authorization";
    static final String IDENTITY_TOKEN_HEADER = "x-identity-token";
    private static final String BEARER = "bearer ";

    private final Supplier<ApiKeys> keys;
    private final Apps apps;
    private final IdentityVerifier identity;

    /**
     * @param keys the keys valid now, asked for on every request (so a refreshed set applies at once)
     * @param apps the deployment's apps, which grants carry
     * @param identity the identity-token check, or {@code null} when identity verification is off
     */
    public Authorizer(Supplier<ApiKeys> keys, Apps apps, IdentityVerifier identity) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.identity = identity;
    }

    @Override
    public Grant authorize(String routeKey, Map<String, String> headers) {
        Map<String, String> lowerCase = headers == null ? Map.of() : headers;
        ApiKeys.KeyHolder holder = keys.get().holderOf(presentedKey(lowerCase))
                .orElseThrow(() -> AuthenticationException.unauthorized(
                        "a valid key is required: X-Api-Key for app endpoints, Authorization: Bearer for backend ones"));
        Audience caller = holder.audience();
        if (Audience.of(routeKey) == Audience.BACKEND && caller == Audience.APP) {
            throw AuthenticationException.forbidden("the app key cannot call backend endpoints");
        }
        String token = lowerCase.get(IDENTITY_TOKEN_HEADER);
        boolean tokenGiven = token != null && !token.isBlank();
        if (identity != null && Audience.actsForAPerson(routeKey)) {
            if (!tokenGiven) {
                throw AuthenticationException.unauthorized("identify and logout need an X-Identity-Token");
            }
            return new Grant(caller, apps, holder.appId(), Optional.of(identity.verifiedSubject(token.trim())), true);
        }
        if (identity != null && Audience.mayChangeAPersonsDevice(routeKey)) {
            // checked only if the request changes a device someone owns (Grant#requirePerson)
            return new Grant(caller, apps, holder.appId(),
                    tokenGiven ? Optional.of(identity.verifiedSubject(token.trim())) : Optional.empty(), true);
        }
        return new Grant(caller, apps, holder.appId(), Optional.empty(), false);
    }

    private static String presentedKey(Map<String, String> headers) {
        String authorization = headers.get(AUTHORIZATION_HEADER);
        if (authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return authorization.substring(BEARER.length()).trim();
        }
        String apiKey = headers.get(API_KEY_HEADER);
        return apiKey == null ? null : apiKey.trim();
    }
}
