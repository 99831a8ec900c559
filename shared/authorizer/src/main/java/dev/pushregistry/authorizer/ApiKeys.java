package dev.pushregistry.authorizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pushregistry.auth.Audience;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The app keys and server keys that are valid now, kept only as SHA-256 digests. Several of each
 * may be valid at once, so a key can be rotated without downtime. A presented key is compared with
 * every digest in constant time.
 */
public final class ApiKeys {
    private final List<byte[]> appKeyDigests;
    private final List<byte[]> serverKeyDigests;

    private ApiKeys(List<byte[]> appKeyDigests, List<byte[]> serverKeyDigests) {
        this.appKeyDigests = List.copyOf(appKeyDigests);
        this.serverKeyDigests = List.copyOf(serverKeyDigests);
    }

    /**
     * Reads the stored form, a JSON object of hex SHA-256 digests (what the secret in AWS holds):
     * {@code {"app_key_sha256": ["…"], "server_key_sha256": ["…", "…"]}}.
     *
     * @throws IllegalStateException when the text is not in that form (never showing it)
     */
    public static ApiKeys fromDigests(String json) {
        try {
            JsonNode root = Json.parseObject(json);
            return new ApiKeys(digests(root.path("app_key_sha256")), digests(root.path("server_key_sha256")));
        } catch (RegistryException | IllegalArgumentException malformed) {
            throw new IllegalStateException("the API keys are not a JSON object of hex SHA-256 digests"
                    + " (app_key_sha256, server_key_sha256)");
        }
    }

    /** Keys given in plain text (locally, from the environment), digested at once. */
    public static ApiKeys fromPlainKeys(List<String> appKeys, List<String> serverKeys) {
        return new ApiKeys(appKeys.stream().map(ApiKeys::digest).toList(),
                serverKeys.stream().map(ApiKeys::digest).toList());
    }

    /** The hex SHA-256 digest of a key, as the stored form holds it. */
    public static String hexDigest(String key) {
        return HexFormat.of().formatHex(digest(key));
    }

    /** Which audience the presented key belongs to, if it is a valid key at all. */
    public Optional<Audience> audienceOf(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = digest(presentedKey);
        boolean server = matchesAny(presented, serverKeyDigests);
        boolean app = matchesAny(presented, appKeyDigests);
        if (server) {
            return Optional.of(Audience.BACKEND);
        }
        return app ? Optional.of(Audience.APP) : Optional.empty();
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
