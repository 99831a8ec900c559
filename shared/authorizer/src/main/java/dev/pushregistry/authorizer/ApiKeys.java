package dev.pushregistry.authorizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.http.auth.Audience;
import dev.pushregistry.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app keys (each of one app) and server keys that are valid now, kept only as SHA-256 digests.
 * Several of each may be valid at once, so a key can be rotated without downtime; no key may be both
 * an app key and a server key, nor the key of two apps. A presented key is compared with every
 * digest in constant time.
 */
public final class ApiKeys {
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);

    private final Map<String, List<byte[]>> appKeyDigests;
    private final List<byte[]> serverKeyDigests;

    /**
     * @throws IllegalStateException when one key is listed both as an app key and a server key (the
     *     app, which ships its key, would hold the backend's), or for two apps
     */
    private ApiKeys(Map<String, List<byte[]>> appKeyDigests, List<byte[]> serverKeyDigests) {
        Map<String, List<byte[]>> copy = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        appKeyDigests.forEach((app, digests) -> {
            copy.put(app, List.copyOf(digests));
            for (byte[] digest : digests) {
                if (!seen.add(HexFormat.of().formatHex(digest))) {
                    throw new IllegalStateException("one key is listed for two apps: each app key belongs to one app");
                }
            }
        });
        for (byte[] digest : serverKeyDigests) {
            if (seen.contains(HexFormat.of().formatHex(digest))) {
                throw new IllegalStateException("one key is listed both as an app key and as a server key: the app,"
                        + " which ships its key, would hold the backend's");
            }
        }
        this.appKeyDigests = Map.copyOf(copy);
        this.serverKeyDigests = List.copyOf(serverKeyDigests);
    }

    /**
     * Reads the stored form, a JSON object of hex SHA-256 digests (what the secret in AWS holds):
     * {@code {"app_key_sha256": ["…"], "app_keys_sha256": {"courier": ["…"]}, "server_key_sha256": ["…", "…"]}}.
     * {@code app_key_sha256} holds the default app's keys (all a one-app deployment needs),
     * {@code app_keys_sha256} each app's. Keys of an app the deployment does not serve (yet) are
     * left out, with a warning.
     *
     * @throws IllegalStateException when the text is not in that form (never showing it)
     */
    public static ApiKeys fromDigests(String json, Apps apps) {
        try {
            JsonNode root = Json.parseObject(json);
            Map<String, List<byte[]>> appKeys = new LinkedHashMap<>();
            appKeys.put(apps.defaultAppId(), new ArrayList<>(digests(root.path("app_key_sha256"))));
            JsonNode perApp = root.path("app_keys_sha256");
            if (!perApp.isMissingNode() && !perApp.isNull()) {
                if (!perApp.isObject()) {
                    throw new IllegalArgumentException("not an object");
                }
                for (Map.Entry<String, JsonNode> app : perApp.properties()) {
                    List<byte[]> digests = digests(app.getValue());
                    if (apps.contains(app.getKey())) {
                        appKeys.computeIfAbsent(app.getKey(), id -> new ArrayList<>()).addAll(digests);
                    } else {
                        LOG.warn("the API keys name app {}, which this deployment does not serve (APP_IDS): its keys"
                                + " are not valid", Apps.isAppId(app.getKey()) ? app.getKey() : "(malformed id)");
                    }
                }
            }
            return new ApiKeys(appKeys, digests(root.path("server_key_sha256")));
        } catch (RegistryException | IllegalArgumentException malformed) {
            throw new IllegalStateException("the API keys are not a JSON object of hex SHA-256 digests"
                    + " (app_key_sha256, app_keys_sha256, server_key_sha256)");
        }
    }

    /** Keys given in plain text (locally, from the environment), by app, digested at once. */
    public static ApiKeys fromPlainKeys(Map<String, List<String>> appKeys, List<String> serverKeys) {
        Map<String, List<byte[]>> digests = new LinkedHashMap<>();
        appKeys.forEach((app, keys) -> digests.put(app, keys.stream().map(ApiKeys::digest).toList()));
        return new ApiKeys(digests, serverKeys.stream().map(ApiKeys::digest).toList());
    }

    /** The hex SHA-256 digest of a key, as the stored form holds it. */
    public static String hexDigest(String key) {
        return HexFormat.of().formatHex(digest(key));
    }

    /**
     * Whose the presented key is, if it is a valid key at all.
     *
     * @return the audience and, for an app key, its app
     */
    public Optional<KeyHolder> holderOf(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = digest(presentedKey);
        boolean server = matchesAny(presented, serverKeyDigests);
        String app = null;
        for (Map.Entry<String, List<byte[]>> keys : appKeyDigests.entrySet()) {
            if (matchesAny(presented, keys.getValue())) {
                app = keys.getKey();
            }
        }
        if (server) {
            return Optional.of(new KeyHolder(Audience.BACKEND, Optional.empty()));
        }
        return Optional.ofNullable(app).map(id -> new KeyHolder(Audience.APP, Optional.of(id)));
    }

    /**
     * Whose a key is.
     *
     * @param audience the app (an app key) or the backend (a server key)
     * @param appId an app key's app; empty for a server key
     */
    public record KeyHolder(Audience audience, Optional<String> appId) {
        public KeyHolder {
            Objects.requireNonNull(audience, "audience");
            Objects.requireNonNull(appId, "appId");
        }
    }

    /** Compares with every digest, without stopping early, so timing tells nothing. */
    private static boolean matchesAny(byte[] presented, List<byte[]> digests) {
        boolean matched = false;
        for (byte[] digest : digests) {
            matched |= MessageDigest.isEqual(presented, digest);
        }
        return matched;
    }

    private static List<byte[]> digests(JsonNode array) {
        List<byte[]> digests = new ArrayList<>();
        if (array.isMissingNode() || array.isNull()) {
            return digests;
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("not an array");
        }
        for (JsonNode element : array) {
            byte[] digest = HexFormat.of().parseHex(element.asText());
            if (digest.length != 32) {
                throw new IllegalArgumentException("not a SHA-256 digest");
            }
            digests.add(digest);
        }
        return digests;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("this JVM has no SHA-256", impossible);
        }
    }
}
