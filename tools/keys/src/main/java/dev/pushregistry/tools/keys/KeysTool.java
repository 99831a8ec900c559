package dev.pushregistry.tools.keys;

import dev.pushregistry.core.app.Apps;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * {@code tools/keys/keys}: creates an app key for each app and a server key (or only the kinds
 * asked for), prints them once, and keeps their SHA-256 digests in the keys secret, creating it or
 * adding to it; {@code --retire} removes a key from it. The secret is written in exactly the form
 * the endpoint functions read, and only if they would accept it. Exit status 0 when the secret was
 * written, 1 when it could not be, 2 for wrong arguments.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Creates Push Registry app and server keys and keeps their digests in the keys secret.")
public final class KeysTool implements Callable<Integer> {
    /** How many random bytes a key holds (256 bits). */
    static final int KEY_BYTES = 32;

    @Option(names = "--secret", defaultValue = "push-registry/api-keys",
            description = "the keys secret's name or ARN (default: ${DEFAULT-VALUE})")
    String secret;

    @Option(names = "--default-app", defaultValue = Apps.FALLBACK_DEFAULT_APP_ID,
            description = "the deployment's DefaultAppId (default: ${DEFAULT-VALUE})")
    String defaultApp;

    @Option(names = "--app", split = ",", description = "the deployment's other apps (AppIds)")
    List<String> otherApps = new ArrayList<>();

    @Option(names = "--new", split = ",", defaultValue = "app,server",
            description = "which keys to create: app (one per app), server, both (app,server) or none (default: ${DEFAULT-VALUE})")
    List<String> kinds;

    @Option(names = "--for-app", split = ",", description = "create app keys only for these apps (default: every app)")
    List<String> forApps = new ArrayList<>();

    @Option(names = "--retire", description = "a key (or its digest) to remove from the secret, once nothing uses it")
    List<String> retired = new ArrayList<>();

    @Option(names = "--region", description = "the AWS region (default: your AWS configuration's)")
    String region;

    @Option(names = "--endpoint-url", description = "another Secrets Manager endpoint (a local one, say)")
    URI endpoint;

    private final SecretsManagerClient client;
    private final PrintStream out;
    private final SecureRandom random = new SecureRandom();

    /** Calls the Secrets Manager of the AWS configuration (or of the options). */
    public KeysTool() {
        this(null, System.out);
    }

    /** Calls {@code client} (a test's); prints to {@code out}. */
    KeysTool(SecretsManagerClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    public static void main(String[] arguments) {
        System.exit(new CommandLine(new KeysTool()).execute(arguments));
    }

    @Override
    public Integer call() {
        Apps apps;
        try {
            apps = Apps.of(defaultApp, otherApps.toArray(String[]::new));
        } catch (RuntimeException invalid) {
            System.err.println("keys: " + invalid.getMessage());
            return 2;
        }
        for (String app : forApps) {
            if (!apps.contains(app)) {
                System.err.println("keys: --for-app " + app + " is not among the deployment's apps (--default-app, --app)");
                return 2;
            }
        }
        for (String kind : kinds) {
            if (!kind.equals("app") && !kind.equals("server") && !kind.equals("none")) {
                System.err.println("keys: --new takes app, server or none, not " + kind);
                return 2;
            }
        }
        try (SecretsManagerClient secrets = client != null ? null : connect()) {
            SecretsManagerClient calls = client != null ? client : secrets;
            KeysSecret stored = KeysSecret.read(calls, secret, apps);
            List<String> created = new ArrayList<>();
            if (kinds.contains("app")) {
                for (String app : apps.ids()) {
                    if (!forApps.isEmpty() && !forApps.contains(app)) {
                        continue;
                    }
                    String key = newKey("pr_app_");
                    stored.addAppKey(app, key);
                    created.add(String.format("app key (%s): %s", app, key));
                }
            }
            if (kinds.contains("server")) {
                String key = newKey("pr_server_");
                stored.addServerKey(key);
                created.add("server key: " + key);
            }
            for (String key : retired) {
                if (!stored.remove(key)) {
                    System.err.println("keys: the secret lists no such key: nothing retired");
                    return 1;
                }
            }
            boolean existed = stored.exists();
            String arn = stored.write();
            created.forEach(out::println);
            if (!created.isEmpty()) {
                out.println("These keys are shown once: the secret keeps only their SHA-256 digests. The app key goes in"
                        + " your app (X-Api-Key), the server key to your backend (Authorization: Bearer).");
            }
            if (!retired.isEmpty()) {
                out.println(retired.size() + " key(s) retired: they stop working within API_KEYS_REFRESH_SECONDS.");
            }
            out.println((existed ? "updated " : "created ") + "ApiKeysSecretArn=" + arn);
            return 0;
        } catch (SdkException | IllegalStateException | IllegalArgumentException failure) {
            System.err.println("keys: the secret was not written: " + failure.getMessage());
            return 1;
        }
    }

    private SecretsManagerClient connect() {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (region != null) {
            builder.region(Region.of(region));
        }
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private String newKey(String prefix) {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
