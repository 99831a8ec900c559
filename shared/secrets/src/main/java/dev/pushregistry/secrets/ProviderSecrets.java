package dev.pushregistry.secrets;

import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a secret (a push service's credentials, the API keys) at start-up: from AWS Secrets Manager
 * when the function is given the secret's ARN; otherwise, locally, from a variable holding the text
 * itself or from a file. The text is never logged.
 */
public final class ProviderSecrets {
    private ProviderSecrets() {
    }

    /**
     * @param prefix the variables' common prefix: {@code <prefix>_SECRET_ARN} (deployed), else
     *     {@code <prefix>_CREDENTIALS} (the text) or {@code <prefix>_CREDENTIALS_FILE} (a path)
     * @return the secret text
     * @throws IllegalStateException naming the variables when none gives a secret
     */
    public static String read(Settings settings, String prefix) {
        String arnVariable = prefix + "_SECRET_ARN";
        String textVariable = prefix + "_CREDENTIALS";
        String fileVariable = prefix + "_CREDENTIALS_FILE";
        String arn = settings.optional(arnVariable);
        if (arn != null) {
            return SecretsManagerReader.from(AwsClients.from(settings)).secretString(arnVariable, arn);
        }
        String text = settings.optional(textVariable);
        if (text != null) {
            return text;
        }
        String file = settings.optional(fileVariable);
        if (file == null) {
            throw new IllegalStateException("set " + arnVariable + " (deployed), or " + textVariable + " or "
                    + fileVariable + " (local)");
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException failure) {
            throw new IllegalStateException("could not read the file named by " + fileVariable, failure);
        }
    }
}
