package dev.pushregistry.core.device;

/** Shortens a push token for logs: tokens are personal data and never logged in full. */
public final class TokenMask {
    private TokenMask() {
    }

    /** The first six and last four characters around "..." (plain ASCII, whatever the log encoding); short values are hidden whole. */
    public static String mask(String token) {
        if (token == null) {
            return "null";
        }
        if (token.length() < 16) {
            return "...(" + token.length() + ")";
        }
        return token.substring(0, 6) + "..." + token.substring(token.length() - 4);
    }
}
