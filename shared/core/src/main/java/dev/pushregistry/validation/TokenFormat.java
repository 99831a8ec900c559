package dev.pushregistry.validation;

import dev.pushregistry.device.Provider;
import dev.pushregistry.error.ErrorCode;
import dev.pushregistry.error.RegistryException;
import java.util.function.IntPredicate;

/**
 * The shape each push service gives its tokens. APNs tokens are hexadecimal (64 characters today,
 * up to 200 allowed for future lengths); FCM tokens are URL-safe base64 text with colons, 100 to
 * 1024 characters.
 */
public final class TokenFormat {

    private TokenFormat() {
    }

    /**
     * Checks a token for the given provider, or for either provider when it is not known yet.
     *
     * @param field the request field the token came from, for the error
     * @throws RegistryException {@code invalid_token}
     */
    public static void check(String token, Provider provider, String field) {
        if (provider == Provider.APNS && !isApns(token)) {
            throw invalid(field, field + " must be 64 to 200 hex characters for apns");
        }
        if (provider == Provider.FCM && !isFcm(token)) {
            throw invalid(field, field + " must be 100 to 1024 characters of letters, digits, '_', '-' and ':' for fcm");
        }
        if (provider == null && !isApns(token) && !isFcm(token)) {
            throw invalid(field, field + " is neither an apns token (64 to 200 hex characters)"
                    + " nor an fcm token (100 to 1024 characters of letters, digits, '_', '-' and ':')");
        }
    }

    /** 64 to 200 hexadecimal characters. */
    private static boolean isApns(String token) {
        return shaped(token, 64, 200, c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
    }

    /** 100 to 1024 characters of ASCII letters, digits, '_', '-' and ':'. */
    private static boolean isFcm(String token) {
        return shaped(token, 100, 1024, c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                || c == '_' || c == '-' || c == ':');
    }

    /**
     * Whether the token's length is in range and every character allowed (a loop, not a regular
     * expression: senders check every token they read).
     */
    private static boolean shaped(String token, int minLength, int maxLength, IntPredicate allowed) {
        int length = token.length();
        if (length < minLength || length > maxLength) {
            return false;
        }
        for (int index = 0; index < length; index++) {
            if (!allowed.test(token.charAt(index))) {
                return false;
            }
        }
        return true;
    }

    private static RegistryException invalid(String field, String message) {
        return new RegistryException(ErrorCode.INVALID_TOKEN, message, field);
    }
}
