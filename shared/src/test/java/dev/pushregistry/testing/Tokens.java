package dev.pushregistry.testing;

import java.util.concurrent.ThreadLocalRandom;

/** Fresh, valid push tokens for tests. */
public final class Tokens {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] FCM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-".toCharArray();

    private Tokens() {
    }

    /** A 64-character APNs token. */
    public static String apns() {
        return random(HEX, 64);
    }

    /** An FCM registration token of the usual shape: an instance id, a colon, and a long tail. */
    public static String fcm() {
        return random(FCM, 22) + ":APA91b" + random(FCM, 134);
    }

    private static String random(char[] alphabet, int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            text[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(text);
    }
}
