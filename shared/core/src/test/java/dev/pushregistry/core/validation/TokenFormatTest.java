package dev.pushregistry.core.validation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token shapes, at their edges. */
class TokenFormatTest {
    private static void refused(String token, Provider provider) {
        RegistryException refused = assertThrows(RegistryException.class, () -> TokenFormat.check(token, provider, "token"),
                token + " for " + provider);
        assertEquals(ErrorCode.INVALID_TOKEN, refused.code());
        assertEquals("token", refused.field());
    }

    @Test
    void apnsTokensAre64To200HexCharacters() {
        for (String token : List.of("a".repeat(64), "0123456789abcdefABCDEF".repeat(10).substring(0, 200))) {
            assertDoesNotThrow(() -> TokenFormat.check(token, Provider.APNS, "token"));
            assertDoesNotThrow(() -> TokenFormat.check(token, null, "token"));
        }
        refused("a".repeat(63), Provider.APNS);
        refused("a".repeat(201), Provider.APNS);
        refused("g" + "a".repeat(63), Provider.APNS);
        refused("a".repeat(63) + " ", Provider.APNS);
    }

    @Test
    void fcmTokensAre100To976UrlSafeCharactersWithColons() {
        String allowed = "AZaz09_-:";
        assertEquals(976, TokenFormat.MAX_FCM_LENGTH, "what DEVICE#<token>#<40-character app> leaves of 1,024 bytes");
        for (String token : List.of(allowed.repeat(12).substring(0, 100), "x".repeat(976))) {
            assertDoesNotThrow(() -> TokenFormat.check(token, Provider.FCM, "token"));
            assertDoesNotThrow(() -> TokenFormat.check(token, null, "token"));
        }
        refused("x".repeat(99), Provider.FCM);
        refused("x".repeat(977), Provider.FCM);
        refused("x".repeat(1018), null);
        refused("x".repeat(99) + "=", Provider.FCM);
        refused("x".repeat(99) + "é", Provider.FCM);
        refused("x".repeat(99) + "/", null);
    }
}
