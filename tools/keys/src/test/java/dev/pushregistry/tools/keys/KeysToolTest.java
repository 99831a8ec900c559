package dev.pushregistry.tools.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.authorizer.Authorizer;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.http.auth.Audience;
import dev.pushregistry.http.auth.AuthenticationException;
import dev.pushregistry.testing.LocalSecretsManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The keys command against Secrets Manager on loopback, and the keys it prints checked by the
 * endpoint functions' own authorizer wired from a deployed environment (the secret's ARN): what the
 * command writes is what the functions read.
 */
class KeysToolTest {
    private static final Pattern KEY_LINE = Pattern.compile("^(app key \\(([a-z0-9-]+)\\)|server key): (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern ARN_LINE = Pattern.compile("ApiKeysSecretArn=(\\S+)");

    private final LocalSecretsManager local = LocalSecretsManager.start();
    private final SecretsManagerClient client = SecretsManagerClient.builder().endpointOverride(local.endpoint())
            .region(Region.EU_CENTRAL_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClientBuilder(UrlConnectionHttpClient.builder()).build();

    @AfterEach
    void stop() {
        client.close();
        local.close();
    }

    private record Run(int status, String output, Map<String, String> keys, String arn) {
    }

    private Run keys(String... arguments) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = new CommandLine(new KeysTool(client, new PrintStream(printed, true, StandardCharsets.UTF_8)))
                .execute(arguments);
        String output = printed.toString(StandardCharsets.UTF_8);
        Map<String, String> keys = new LinkedHashMap<>();
        Matcher line = KEY_LINE.matcher(output);
        while (line.find()) {
            keys.put(line.group(2) == null ? "server" : line.group(2), line.group(3));
        }
        Matcher arn = ARN_LINE.matcher(output);
        return new Run(status, output, keys, arn.find() ? arn.group(1) : null);
    }

    /** The authorizer an endpoint function builds from its deployed environment. */
    private Authorizer functionsAuthorizer(String secretArn, String appIds) {
        return AuthorizerWiring.authorizer(new Settings(Map.of(
                "API_KEYS_SECRET_ARN", secretArn,
                "DEFAULT_APP_ID", "main", "APP_IDS", appIds,
                "AWS_REGION", "eu-central-1", "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", local.endpoint().toString())), Clock.systemUTC());
    }

    private static boolean opens(Authorizer authorizer, String route, Map<String, String> headers) {
        try {
            authorizer.authorize(route, headers);
            return true;
        } catch (AuthenticationException refused) {
            return false;
        }
    }

    @Test
    void createsTheSecretWithDigestsOnlyAndTheFunctionsAcceptThePrintedKeys() {
        Run run = keys("--secret", "push-registry/api-keys", "--app", "courier");

        assertEquals(0, run.status(), run.output());
        assertEquals(List.of("main", "courier", "server"), List.copyOf(run.keys().keySet()));
        assertTrue(run.output().contains("created ApiKeysSecretArn="), run.output());
        String stored = local.text("push-registry/api-keys").orElseThrow();
        run.keys().values().forEach(key -> assertFalse(stored.contains(key), "the secret holds digests, never keys"));
        assertTrue(run.keys().values().stream().allMatch(key -> key.length() >= 43), "256-bit keys");

        Authorizer authorizer = functionsAuthorizer(run.arn(), "main,courier");
        assertEquals(Audience.APP, authorizer.authorize("POST /v1/devices", Map.of("x-api-key", run.keys().get("main")))
                .audience());
        assertEquals("courier", authorizer.authorize("POST /v1/devices", Map.of("x-api-key", run.keys().get("courier")))
                .appId().orElseThrow());
        assertEquals(Audience.BACKEND, authorizer.authorize("GET /v1/people/{person_id}/devices",
                Map.of("authorization", "Bearer " + run.keys().get("server"))).audience());
        assertFalse(opens(authorizer, "POST /v1/devices", Map.of("x-api-key", "pr_app_guessed")));
    }

    @Test
    void aRotationAddsBesideTheKeysInUseAndRetiringOneEndsIt() {
        Run first = keys("--secret", "push-registry/api-keys");
        Run second = keys("--secret", first.arn(), "--new", "app");

        assertEquals(0, second.status(), second.output());
        assertTrue(second.output().contains("updated ApiKeysSecretArn=" + first.arn()), second.output());
        assertEquals(List.of("main"), List.copyOf(second.keys().keySet()), "only a new app key");
        Authorizer during = functionsAuthorizer(first.arn(), "");
        assertTrue(opens(during, "POST /v1/devices", Map.of("x-api-key", first.keys().get("main"))), "the old key still works");
        assertTrue(opens(during, "POST /v1/devices", Map.of("x-api-key", second.keys().get("main"))));

        Run retire = keys("--secret", first.arn(), "--new", "none", "--retire", first.keys().get("main"));

        assertEquals(0, retire.status(), retire.output());
        Authorizer after = functionsAuthorizer(first.arn(), "");
        assertFalse(opens(after, "POST /v1/devices", Map.of("x-api-key", first.keys().get("main"))), "retired");
        assertTrue(opens(after, "POST /v1/devices", Map.of("x-api-key", second.keys().get("main"))));
        assertTrue(opens(after, "GET /v1/people/{person_id}/devices",
                Map.of("authorization", "Bearer " + first.keys().get("server"))), "the server key was not touched");
        assertEquals(1, keys("--secret", first.arn(), "--new", "none", "--retire", "pr_app_never-issued").status());
    }

    @Test
    void aNewAppGetsItsKeyAloneBesideTheKeysInUse() {
        Run first = keys("--secret", "push-registry/api-keys");
        Run courier = keys("--secret", first.arn(), "--app", "courier", "--new", "app", "--for-app", "courier");

        assertEquals(0, courier.status(), courier.output());
        assertEquals(List.of("courier"), List.copyOf(courier.keys().keySet()));
        Authorizer authorizer = functionsAuthorizer(first.arn(), "main,courier");
        assertEquals("courier", authorizer.authorize("POST /v1/devices", Map.of("x-api-key", courier.keys().get("courier")))
                .appId().orElseThrow());
        assertTrue(opens(authorizer, "POST /v1/devices", Map.of("x-api-key", first.keys().get("main"))));
        assertEquals(2, keys("--secret", first.arn(), "--for-app", "kiosk").status(), "an app the deployment lacks");
    }

    @Test
    void aSecretTheFunctionsWouldRefuseIsNeverWritten() {
        local.put("push-registry/api-keys", "{\"app_key_sha256\": [\"not-a-digest\"]}");
        Run run = keys("--secret", "push-registry/api-keys");

        assertEquals(1, run.status(), run.output());
        assertEquals("{\"app_key_sha256\": [\"not-a-digest\"]}", local.text("push-registry/api-keys").orElseThrow());
        assertEquals(Map.of(), run.keys(), "no key is shown that does not work");
        assertThrows(IllegalStateException.class, () -> functionsAuthorizer(
                LocalSecretsManager.arnOf("push-registry/api-keys"), ""));
    }
}
