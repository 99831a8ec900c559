package dev.pushregistry.validation;

import dev.pushregistry.device.Provider;
import dev.pushregistry.error.ErrorCode;
import dev.pushregistry.error.RegistryException;
import java.util.regex.Pattern;

/**
 * The shape each push service gives its tokens. APNs tokens are hexadecimal (64 characters today,
 * up to 200 allowed for future lengths); FCM tokens are URL-safe base64 text with colons, 100 to
 * 1024 characters.
 */
public final class TokenFormat {
    private static final Pattern APNS = Pattern.compile("[0-9a-fA-F]{64,200}");
    private static final Pattern FCM = Pattern.compile("[A-Za-z0-9_:\\-]{100,1024}");

    private TokenFormat() {
    }

    /**
     * Checks a token for the given provider, or for either provider when it is not known yet.
     *
     * @param field the request field the token came from, for the error
     * @throws RegistryException {@code invalid_token}
     */
    public static void check(String token, Provider provider, String field) {
        if (provider == Provider.APNS && !APNS.matcher(token).matches()) {
            throw invalid(field, field + " must be 64 to 200 hex characters for apns");
        }
        if (provider == Provider.FCM && !FCM.matcher(token).matches()) {
            throw invalid(field, field + " must be 100 to 1024 characters of letters, digits, '_', '-' and ':' for fcm");
        }
        if (provider == null && !APNS.matcher(token).matches() && !FCM.matcher(token).matches()) {
            throw invalid(field, field + " is neither an apns token (64 to 200 hex characters)"
                    + " nor an fcm token (100 to 1024 characters of letters, digits, '_', '-' and ':')");
        }
    }

    private static RegistryException invalid(String field, String message) {
        return new RegistryException(ErrorCode.INVALID_TOKEN, message, field);
    }
}
