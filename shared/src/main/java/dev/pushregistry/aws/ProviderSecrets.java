package dev.pushregistry.aws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Reads a push service's credentials once, at start-up: from AWS Secrets Manager when the function
 * is given the secret's ARN, otherwise from a local file. The text is never logged.
 */
public final class ProviderSecrets {
    private ProviderSecrets() {
    }

    /**
     * @param arnVariable the variable holding the secret's ARN (deployed)
     * @param fileVariable the variable holding a file path (local)
     * @return the secret text
     * @throws IllegalStateException naming the variables when neither gives a secret
     */
    public static String read(RegistryEnvironment environment, String arnVariable, String fileVariable) {
        String arn = environment.optional(arnVariable);
        if (arn != null) {
            try {
                return AwsClients.secretsManager(environment.region())
                        .getSecretValue(get -> get.secretId(arn))
                        .secretString();
            } catch (SdkException failure) {
                throw new IllegalStateException("could not read the secret named by " + arnVariable + ": "
                        + failure.getClass().getSimpleName(), failure);
            }
        }
        String file = environment.optional(fileVariable);
        if (file == null) {
            throw new IllegalStateException("set " + arnVariable + " (deployed) or " + fileVariable + " (local)");
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException failure) {
            throw new IllegalStateException("could not read the file named by " + fileVariable, failure);
        }
    }
}
