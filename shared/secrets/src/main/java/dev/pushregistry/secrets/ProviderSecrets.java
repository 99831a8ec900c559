package dev.pushregistry.secrets;

import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads an app's push credentials (an APNs token key, a Firebase service account) when its first
 * push needs them. The text is never logged.
 *
 * <ul>
 *   <li>Deployed, from AWS Secrets Manager: the default app's from the secret whose ARN
 *       {@code <PROVIDER>_SECRET_ARN} gives, when it is set; every other app's (and the default
 *       app's otherwise) from the secret named {@code <APP_SECRETS_PREFIX><app>/<provider>}, for
 *       example {@code push-registry/courier/apns}.</li>
 *   <li>Locally, from a variable holding the text or naming a file: {@code <PROVIDER>_CREDENTIALS}
 *       or {@code <PROVIDER>_CREDENTIALS_FILE} for the default app, the same with {@code _<APP>}
 *       appended for another ({@code APNS_CREDENTIALS_FILE_DEMO_2} for {@code demo-2}).</li>
 * </ul>
 */
public final class ProviderSecrets {
    private final Settings settings;
    private final String provider;
    private final String defaultAppId;
    private SecretsManagerReader secretsManager;

    /**
     * @param provider the variables' prefix: {@code APNS} or {@code FCM}
     * @param defaultAppId the app whose credentials the unsuffixed variables hold
     */
    public ProviderSecrets(Settings settings, String provider, String defaultAppId) {
        this.settings = settings;
        this.provider = provider;
        this.defaultAppId = defaultAppId;
    }

    /**
     * The app's credentials.
     *
     * @throws IllegalStateException naming the variables or the secret when none gives them
     */
    public synchronized String read(String appId) {
        boolean isDefault = appId.equals(defaultAppId);
        String arnVariable = provider + "_SECRET_ARN";
        String arn = isDefault ? settings.optional(arnVariable) : null;
        if (arn != null) {
            return secretsManager().secretString(arnVariable, arn);
        }
        String prefix = settings.optional("APP_SECRETS_PREFIX");
        if (prefix != null) {
            String name = prefix + appId + "/" + provider.toLowerCase(Locale.ROOT);
            return secretsManager().secretString("APP_SECRETS_PREFIX", name);
        }
        String textVariable = localVariable(provider + "_CREDENTIALS", appId, defaultAppId);
        String fileVariable = localVariable(provider + "_CREDENTIALS_FILE", appId, defaultAppId);
        String text = settings.optional(textVariable);
        if (text != null) {
            return text;
        }
        String file = settings.optional(fileVariable);
        if (file == null) {
            throw new IllegalStateException("no " + provider + " credentials for app " + appId + ": set "
                    + (isDefault ? arnVariable + " or " : "") + "APP_SECRETS_PREFIX (deployed), or " + textVariable
                    + " or " + fileVariable + " (local)");
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException failure) {
            throw new IllegalStateException("could not read the file named by " + fileVariable, failure);
        }
    }

    /**
     * The variable that holds an app's credentials locally: {@code base} for the default app,
     * {@code base_<APP>} for another ({@code APNS_CREDENTIALS_DEMO_2} for {@code demo-2}).
     *
     * @param base {@code APNS_CREDENTIALS}, {@code FCM_CREDENTIALS_FILE} and the like
     */
    public static String localVariable(String base, String appId, String defaultAppId) {
        return appId.equals(defaultAppId) ? base : base + "_" + Settings.variablePart(appId);
    }

    private SecretsManagerReader secretsManager() {
        if (secretsManager == null) {
            secretsManager = SecretsManagerReader.from(AwsClients.from(settings));
        }
        return secretsManager;
    }
}
