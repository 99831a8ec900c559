package dev.pushregistry.core.validation;

import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import java.util.function.IntPredicate;

/**
 * The shape each push service gives its tokens. APNs tokens are hexadecimal (64 characters today,
 * up to 200 allowed for future lengths); FCM tokens are URL-safe base64 text with colons, 100 to
 * {@value #MAX_FCM_LENGTH} characters (about 160 today). Every token accepted fits every key the
 * registry stores it under: the longest, a person's copy of a device of another app
 * ({@code DEVICE#<token>#<app>}), must fit DynamoDB's 1,024-byte sort key with the longest app id.
 */
public final class TokenFormat {
    /** The longest app id ({@code [a-z0-9][a-z0-9-]{0,39}}). */
    private static final int MAX_APP_ID_LENGTH = 40;
    /** DynamoDB's limit on a sort key, in bytes. */
    private static final int MAX_SORT_KEY_BYTES = 1024;
    /** The longest FCM token: what {@code DEVICE#<token>#<app>} leaves of a sort key. */
    public static final int MAX_FCM_LENGTH = MAX_SORT_KEY_BYTES - "DEVICE#".length() - "#".length() - MAX_APP_ID_LENGTH;
    /** The longest APNs token. */
    public static final int MAX_APNS_LENGTH = 200;

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
            throw invalid(field, field + " must be 64 to " + MAX_APNS_LENGTH + " hex characters for apns");
        }
        if (provider == Provider.FCM && !isFcm(token)) {
            throw invalid(field, field + " must be 100 to " + MAX_FCM_LENGTH
                    + " characters of letters, digits, '_', '-' and ':' for fcm");
        }
        if (provider == null && !isApns(token) && !isFcm(token)) {
            throw invalid(field, field + " is neither an apns token (64 to " + MAX_APNS_LENGTH + " hex characters)"
                    + " nor an fcm token (100 to " + MAX_FCM_LENGTH + " characters of letters, digits, '_', '-' and ':')");
        }
    }

    /** 64 to {@link #MAX_APNS_LENGTH} hexadecimal characters. */
    private static boolean isApns(String token) {
        return shaped(token, 64, MAX_APNS_LENGTH, c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
    }

    /** 100 to {@link #MAX_FCM_LENGTH} characters of ASCII letters, digits, '_', '-' and ':'. */
    private static boolean isFcm(String token) {
        return shaped(token, 100, MAX_FCM_LENGTH, c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
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
