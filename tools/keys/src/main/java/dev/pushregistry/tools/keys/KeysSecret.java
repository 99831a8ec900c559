package dev.pushregistry.tools.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.authorizer.ApiKeys;
import dev.pushregistry.core.app.Apps;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The keys secret as the endpoint functions read it ({@link ApiKeys#fromDigests}): the default app's
 * key digests under {@code app_key_sha256}, each other app's under {@code app_keys_sha256}, the
 * server keys' under {@code server_key_sha256}. Digests are added beside the ones there (so keys in
 * use keep working while callers move to new ones) and removed one by one; nothing is written that
 * the functions would refuse to read.
 */
final class KeysSecret {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient secrets;
    private final String secretId;
    private final Apps apps;
    private final ObjectNode document;
    private final boolean exists;

    private KeysSecret(SecretsManagerClient secrets, String secretId, Apps apps, ObjectNode document, boolean exists) {
        this.secrets = secrets;
        this.secretId = secretId;
        this.apps = apps;
        this.document = document;
        this.exists = exists;
    }

    /** The secret as it is (empty when it does not exist yet). */
    static KeysSecret read(SecretsManagerClient secrets, String secretId, Apps apps) {
        try {
            String text = secrets.getSecretValue(get -> get.secretId(secretId)).secretString();
            JsonNode stored = JSON.readTree(text);
            if (!(stored instanceof ObjectNode object)) {
                throw new IllegalStateException("the secret " + secretId + " is not a JSON object of key digests");
            }
            return new KeysSecret(secrets, secretId, apps, object, true);
        } catch (ResourceNotFoundException absent) {
            return new KeysSecret(secrets, secretId, apps, JSON.createObjectNode(), false);
        } catch (IOException malformed) {
            throw new IllegalStateException("the secret " + secretId + " is not JSON", malformed);
        }
    }

    boolean exists() {
        return exists;
    }

    /** Adds a key of the app's (the default app's or another's). */
    void addAppKey(String appId, String key) {
        add(appKeys(appId), ApiKeys.hexDigest(key));
    }

    void addServerKey(String key) {
        add(document.withArray("server_key_sha256"), ApiKeys.hexDigest(key));
    }

    /**
     * Removes a key, given as the key or as its digest, wherever it is listed.
     *
     * @return whether it was listed
     */
    boolean remove(String keyOrDigest) {
        Set<String> digests = Set.of(keyOrDigest.toLowerCase(Locale.ROOT), ApiKeys.hexDigest(keyOrDigest));
        boolean removed = removeFrom(document.path("app_key_sha256"), digests)
                | removeFrom(document.path("server_key_sha256"), digests);
        for (JsonNode app : document.path("app_keys_sha256")) {
            removed |= removeFrom(app, digests);
        }
        return removed;
    }

    /**
     * Writes the secret (creating it if it did not exist), after reading it back as the functions
     * will.
     *
     * @return the secret's ARN
     * @throws IllegalStateException when the functions would refuse it (say, one key as both kinds)
     */
    String write() {
        String text = document.toString();
        ApiKeys.fromDigests(text, apps);
        if (exists) {
            return secrets.putSecretValue(put -> put.secretId(secretId).secretString(text)).arn();
        }
        return secrets.createSecret(create -> create.name(secretId).secretString(text)
                .description("Push Registry: SHA-256 digests of the app and server keys (tools/keys)")).arn();
    }

    private ArrayNode appKeys(String appId) {
        if (appId.equals(apps.defaultAppId())) {
            return document.withArray("app_key_sha256");
        }
        return document.withObject("/app_keys_sha256").withArray(appId);
    }

    private static void add(ArrayNode digests, String digest) {
        Set<String> present = new LinkedHashSet<>();
        digests.forEach(existing -> present.add(existing.asText()));
        if (present.add(digest)) {
            digests.add(digest);
        }
    }

    private static boolean removeFrom(JsonNode list, Set<String> digests) {
        if (!(list instanceof ArrayNode array)) {
            return false;
        }
        boolean removed = false;
        for (int index = array.size() - 1; index >= 0; index--) {
            if (digests.contains(array.get(index).asText())) {
                array.remove(index);
                removed = true;
            }
        }
        return removed;
    }
}
