package dev.pushregistry.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.pushregistry.aws.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a sender finds each app's push credentials, deployed and locally. */
class ProviderSecretsTest {
    private static Settings environment(Map<String, String> extra) {
        Map<String, String> variables = new HashMap<>(Map.of("AWS_REGION", "eu-central-1"));
        variables.putAll(extra);
        return new Settings(variables);
    }

    @Test
    void theTextInAVariableComesBeforeAFile(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("apns.json"), "{\"from\":\"file\"}");

        assertEquals("{\"from\":\"file\"}", new ProviderSecrets(
                environment(Map.of("APNS_CREDENTIALS_FILE", file.toString())), "APNS", "shop").read("shop"));
        assertEquals("{\"from\":\"variable\"}", new ProviderSecrets(environment(Map.of(
                "APNS_CREDENTIALS", "{\"from\":\"variable\"}", "APNS_CREDENTIALS_FILE", file.toString())), "APNS", "shop")
                .read("shop"));
    }

    @Test
    void anotherAppsCredentialsAreInVariablesNamedAfterIt(@TempDir Path directory) throws Exception {
        Path shop = Files.writeString(directory.resolve("shop.json"), "{\"app\":\"shop\"}");
        Path courier = Files.writeString(directory.resolve("courier.json"), "{\"app\":\"courier-2\"}");
        ProviderSecrets secrets = new ProviderSecrets(environment(Map.of("FCM_CREDENTIALS_FILE", shop.toString(),
                "FCM_CREDENTIALS_FILE_COURIER_2", courier.toString())), "FCM", "shop");

        assertEquals("{\"app\":\"shop\"}", secrets.read("shop"));
        assertEquals("{\"app\":\"courier-2\"}", secrets.read("courier-2"));
        IllegalStateException other = assertThrows(IllegalStateException.class, () -> secrets.read("kiosk"));
        assertTrue(other.getMessage().contains("app kiosk") && other.getMessage().contains("FCM_CREDENTIALS_FILE_KIOSK"),
                other.getMessage());
    }

    @Test
    void withoutAnyItSaysWhichVariablesToSet(@TempDir Path directory) {
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> new ProviderSecrets(environment(Map.of()), "FCM", "shop").read("shop"));
        IllegalStateException missingFile = assertThrows(IllegalStateException.class, () -> new ProviderSecrets(
                environment(Map.of("FCM_CREDENTIALS_FILE", directory.resolve("absent.json").toString())), "FCM", "shop")
                .read("shop"));

        assertTrue(none.getMessage().contains("FCM_SECRET_ARN") && none.getMessage().contains("APP_SECRETS_PREFIX")
                && none.getMessage().contains("FCM_CREDENTIALS_FILE"), none.getMessage());
        assertTrue(missingFile.getMessage().contains("FCM_CREDENTIALS_FILE"));
    }

    @Test
    void deployedTheDefaultAppsArnIsReadAndEveryOtherAppsSecretByItsConventionalName() throws IOException {
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer secretsManager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        secretsManager.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String id = body.replaceAll(".*\"SecretId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
                asked.add(id);
                byte[] answer = ("{\"ARN\":\"arn\",\"Name\":\"n\",\"SecretString\":\"secret of " + id + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        secretsManager.start();
        try {
            String legacyArn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:apns-Ab12Cd";
            Map<String, String> deployed = Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret",
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:" + secretsManager.getAddress().getPort(),
                    "APP_SECRETS_PREFIX", "push-registry/");
            ProviderSecrets withLegacyArn = new ProviderSecrets(environment(Map.of("APNS_SECRET_ARN", legacyArn,
                    "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret",
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER", deployed.get("AWS_ENDPOINT_URL_SECRETS_MANAGER"),
                    "APP_SECRETS_PREFIX", "push-registry/")), "APNS", "shop");
            ProviderSecrets byConvention = new ProviderSecrets(environment(deployed), "APNS", "shop");

            assertEquals("secret of " + legacyArn, withLegacyArn.read("shop"));
            assertEquals("secret of push-registry/courier/apns", withLegacyArn.read("courier"));
            assertEquals("secret of push-registry/shop/apns", byConvention.read("shop"));
            assertEquals(List.of(legacyArn, "push-registry/courier/apns", "push-registry/shop/apns"), asked);
        } finally {
            secretsManager.stop(0);
        }
    }
}
