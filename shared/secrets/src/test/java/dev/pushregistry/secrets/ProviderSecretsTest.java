package dev.pushregistry.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.aws.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a sender finds its provider credentials when it runs outside AWS. */
class ProviderSecretsTest {
    private static Settings environment(Map<String, String> extra) {
        Map<String, String> variables = new HashMap<>(Map.of("AWS_REGION", "eu-central-1"));
        variables.putAll(extra);
        return new Settings(variables);
    }

    @Test
    void theTextInAVariableComesBeforeAFile(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("apns.json"), "{\"from\":\"file\"}");

        assertEquals("{\"from\":\"file\"}",
                ProviderSecrets.read(environment(Map.of("APNS_CREDENTIALS_FILE", file.toString())), "APNS"));
        assertEquals("{\"from\":\"variable\"}", ProviderSecrets.read(environment(Map.of(
                "APNS_CREDENTIALS", "{\"from\":\"variable\"}", "APNS_CREDENTIALS_FILE", file.toString())), "APNS"));
    }

    @Test
    void withoutAnyItSaysWhichVariablesToSet(@TempDir Path directory) {
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> ProviderSecrets.read(environment(Map.of()), "FCM"));
        IllegalStateException missingFile = assertThrows(IllegalStateException.class, () -> ProviderSecrets.read(
                environment(Map.of("FCM_CREDENTIALS_FILE", directory.resolve("absent.json").toString())), "FCM"));

        assertTrue(none.getMessage().contains("FCM_SECRET_ARN") && none.getMessage().contains("FCM_CREDENTIALS_FILE"));
        assertTrue(missingFile.getMessage().contains("FCM_CREDENTIALS_FILE"));
    }
}
