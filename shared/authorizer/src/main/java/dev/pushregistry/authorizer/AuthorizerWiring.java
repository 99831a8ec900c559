package dev.pushregistry.authorizer;

import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.secrets.SecretsManagerReader;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The authorizer wired once per container from the function's settings:
 *
 * <ul>
 *   <li>{@code API_KEYS_SECRET_ARN} (deployed): a Secrets Manager secret holding the keys' SHA-256
 *       digests as {@link ApiKeys#fromDigests} reads them, read again every
 *       {@code API_KEYS_REFRESH_SECONDS} (1 to 86400, default 300) and trusted while it cannot be
 *       read for at most {@code API_KEYS_MAX_AGE_SECONDS} after it was last read (1 to 86400, at
 *       least the refresh interval, default 3600); or, locally, {@code APP_KEYS}
 *       (the default app's), {@code APP_KEYS_<APP>} (another app's: its id in upper case, {@code -}
 *       as {@code _}) and {@code SERVER_KEYS}: comma-separated keys in plain text;</li>
 *   <li>{@code DEFAULT_APP_ID} and {@code APP_IDS}: the apps ({@link Apps#fromVariables});</li>
 *   <li>{@code IDENTITY_VERIFICATION} ({@code on} or {@code off}; the template always sets it): with
 *       {@code on} a JWKS must be named, with {@code off} none may be; unset (locally), verification
 *       is on when a JWKS is named;</li>
 *   <li>{@code IDENTITY_JWKS_URL} (deployed) or {@code PUSH_REGISTRY_IDENTITY_JWKS} (local, a
 *       file): the JWKS that identity tokens are checked against;</li>
 *   <li>{@code IDENTITY_ISSUER}, {@code IDENTITY_AUDIENCE}: the {@code iss} and {@code aud} identity
 *       tokens must carry (not checked when unset);</li>
 *   <li>{@code IDENTITY_MAX_TOKEN_LIFETIME_SECONDS}: the longest an identity token may be valid
 *       (60 to 86400, default 3600).</li>
 * </ul>
 */
public final class AuthorizerWiring {
    public static final int DEFAULT_API_KEYS_REFRESH_SECONDS = 300;
    public static final int DEFAULT_API_KEYS_MAX_AGE_SECONDS = 3600;

    private AuthorizerWiring() {
    }

    /**
     * Which keys are valid and, when configured, how identity tokens are checked.
     *
     * @throws IllegalStateException when no keys are configured, a setting is malformed, or the
     *     keys or the JWKS cannot be read
     */
    public static Authorizer authorizer(Settings settings, Clock clock) {
        Apps apps = Apps.fromVariables(settings::optional);
        return new Authorizer(apiKeys(settings, apps, clock), apps, identityVerifier(settings, clock));
    }

    private static Supplier<ApiKeys> apiKeys(Settings settings, Apps apps, Clock clock) {
        String secretArn = settings.optional("API_KEYS_SECRET_ARN");
        if (secretArn != null) {
            Duration refresh = Duration.ofSeconds(settings.wholeNumber("API_KEYS_REFRESH_SECONDS",
                    DEFAULT_API_KEYS_REFRESH_SECONDS, 1, 86_400));
            Duration maxAge = Duration.ofSeconds(settings.wholeNumber("API_KEYS_MAX_AGE_SECONDS",
                    DEFAULT_API_KEYS_MAX_AGE_SECONDS, 1, 86_400));
            SecretsManagerReader secrets = SecretsManagerReader.from(AwsClients.from(settings));
            return new RefreshingApiKeys(() -> ApiKeys.fromDigests(
                    secrets.secretString("API_KEYS_SECRET_ARN", secretArn), apps), refresh, maxAge, clock);
        }
        Map<String, List<String>> appKeys = new LinkedHashMap<>();
        for (String app : apps.ids()) {
            List<String> keys = keyList(settings, app.equals(apps.defaultAppId()) ? "APP_KEYS" : appKeysVariable(app));
            if (!keys.isEmpty()) {
                appKeys.put(app, keys);
            }
        }
        List<String> serverKeys = keyList(settings, "SERVER_KEYS");
        if (appKeys.isEmpty() && serverKeys.isEmpty()) {
            throw new IllegalStateException("set API_KEYS_SECRET_ARN (deployed), or APP_KEYS and SERVER_KEYS (local)");
        }
        ApiKeys keys = ApiKeys.fromPlainKeys(appKeys, serverKeys);
        return () -> keys;
    }

    private static IdentityVerifier identityVerifier(Settings settings, Clock clock) {
        String url = settings.optional("IDENTITY_JWKS_URL");
        String file = settings.optional("PUSH_REGISTRY_IDENTITY_JWKS");
        IdentityClaims expected = new IdentityClaims(settings.optional("IDENTITY_ISSUER"),
                settings.optional("IDENTITY_AUDIENCE"), Duration.ofSeconds(settings.wholeNumber(
                        "IDENTITY_MAX_TOKEN_LIFETIME_SECONDS", (int) IdentityClaims.DEFAULT_MAX_LIFETIME.toSeconds(), 60,
                        86_400)));
        if (url != null && file != null) {
            throw new IllegalStateException("set IDENTITY_JWKS_URL or PUSH_REGISTRY_IDENTITY_JWKS, not both");
        }
        String verification = settings.optional("IDENTITY_VERIFICATION");
        boolean named = url != null || file != null;
        if ("on".equals(verification) && !named) {
            throw new IllegalStateException("IDENTITY_VERIFICATION is on but no JWKS is named (IDENTITY_JWKS_URL)");
        }
        if ("off".equals(verification) && named) {
            throw new IllegalStateException("IDENTITY_VERIFICATION is off but a JWKS is named: turn it on or remove "
                    + "the JWKS");
        }
        if (verification != null && !verification.equals("on") && !verification.equals("off")) {
            throw new IllegalStateException("IDENTITY_VERIFICATION must be on or off");
        }
        if (url != null) {
            try {
                return IdentityVerifier.fromJwksUrl(URI.create(url).toURL(), expected, clock);
            } catch (IllegalArgumentException | MalformedURLException malformed) {
                throw new IllegalStateException("IDENTITY_JWKS_URL is not a URL", malformed);
            }
        }
        if (file != null) {
            try {
                return IdentityVerifier.fromJwks(Files.readString(Path.of(file), StandardCharsets.UTF_8), expected,
                        clock);
            } catch (IOException unreadable) {
                throw new IllegalStateException("could not read the JWKS file named by PUSH_REGISTRY_IDENTITY_JWKS",
                        unreadable);
            }
        }
        return null;
    }

    /** The variable that holds an app's keys locally: {@code APP_KEYS_DEMO_2} for {@code demo-2}. */
    public static String appKeysVariable(String appId) {
        return "APP_KEYS_" + Settings.variablePart(appId);
    }

    private static List<String> keyList(Settings settings, String name) {
        String value = settings.optional(name);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(key -> !key.isEmpty()).toList();
    }
}
