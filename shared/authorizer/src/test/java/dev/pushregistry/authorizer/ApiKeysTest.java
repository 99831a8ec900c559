package dev.pushregistry.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.core.app.Apps;
import dev.pushregistry.http.auth.Audience;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A key is one thing: an app's key or a server key, never both, never two apps'. */
class ApiKeysTest {
    private static final Apps APPS = Apps.of("main", "courier");

    @Test
    void aKeyListedBothAsAnAppKeyAndAServerKeyIsRefusedWhenTheKeysAreRead() {
        String shared = ApiKeys.hexDigest("shared-key");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ApiKeys.fromDigests(
                "{\"app_key_sha256\":[\"" + shared + "\"],\"server_key_sha256\":[\"" + shared + "\"]}", APPS));
        assertTrue(refused.getMessage().contains("both as an app key and as a server key"), refused.getMessage());
        assertTrue(!refused.getMessage().contains(shared), "the digest is not repeated");
        assertThrows(IllegalStateException.class, () -> ApiKeys.fromPlainKeys(Map.of("main", List.of("k")), List.of("k")));
    }

    @Test
    void aKeyListedForTwoAppsIsRefused() {
        String shared = ApiKeys.hexDigest("shared-key");
        assertThrows(IllegalStateException.class, () -> ApiKeys.fromDigests("{\"app_key_sha256\":[\"" + shared
                + "\"],\"app_keys_sha256\":{\"courier\":[\"" + shared + "\"]}}", APPS));
    }

    @Test
    void distinctKeysEachNameTheirHolder() {
        ApiKeys keys = ApiKeys.fromDigests("{\"app_key_sha256\":[\"" + ApiKeys.hexDigest("main-key")
                + "\"],\"app_keys_sha256\":{\"courier\":[\"" + ApiKeys.hexDigest("courier-key") + "\"]},"
                + "\"server_key_sha256\":[\"" + ApiKeys.hexDigest("server-key") + "\"]}", APPS);
        assertEquals(Audience.APP, keys.holderOf("main-key").orElseThrow().audience());
        assertEquals("courier", keys.holderOf("courier-key").orElseThrow().appId().orElseThrow());
        assertEquals(Audience.BACKEND, keys.holderOf("server-key").orElseThrow().audience());
        assertTrue(keys.holderOf("other").isEmpty());
    }
}
