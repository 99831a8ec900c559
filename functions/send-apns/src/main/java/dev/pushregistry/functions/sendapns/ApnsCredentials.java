package dev.pushregistry.functions.sendapns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.json.Json;
import dev.pushregistry.json.JsonFields;
import java.util.Objects;

/**
 * What the APNs sender needs to talk to Apple, read from the provider secret (a JSON object):
 *
 * <pre>
 * {"key_id": "ABC123DEFG", "team_id": "DEF123GHIJ", "topic": "com.example.app",
 *  "private_key": "-----BEGIN PRIVATE KEY-----\n…", "environment": "production"}
 * </pre>
 *
 * <p>{@code environment} is {@code production} (default) or {@code sandbox}. An APNs-compatible
 * endpoint elsewhere (a test server) is named by {@code host} and {@code port} with the PEM
 * certificate to trust in {@code trusted_certificate}.
 *
 * @param keyId the signing key's id
 * @param teamId the Apple developer team id
 * @param topic the app's bundle id
 * @param privateKeyPem the {@code .p8} signing key (PKCS#8 PEM)
 * @param host the APNs host
 * @param port the APNs port
 * @param trustedCertificatePem the certificate to trust instead of the system's, or {@code null}
 */
public record ApnsCredentials(String keyId, String teamId, String topic, String privateKeyPem, String host, int port,
                              String trustedCertificatePem) {
    static final String PRODUCTION_HOST = "api.push.apple.com";
    static final String SANDBOX_HOST = "api.sandbox.push.apple.com";

    public ApnsCredentials {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        Objects.requireNonNull(host, "host");
    }

    /** @throws IllegalStateException naming the field that is missing (never showing the secret) */
    public static ApnsCredentials parse(String secret) {
        try {
            ObjectNode json = Json.parseObject(secret);
            String environment = JsonFields.optionalString(json, "environment");
            String host = JsonFields.optionalString(json, "host");
            if (host == null) {
                if (environment == null || environment.equals("production")) {
                    host = PRODUCTION_HOST;
                } else if (environment.equals("sandbox")) {
                    host = SANDBOX_HOST;
                } else {
                    throw new IllegalStateException("APNs credentials: environment must be production or sandbox");
                }
            }
            String port = JsonFields.optionalString(json, "port");
            return new ApnsCredentials(
                    JsonFields.requiredString(json, "key_id"),
                    JsonFields.requiredString(json, "team_id"),
                    JsonFields.requiredString(json, "topic"),
                    JsonFields.requiredString(json, "private_key"),
                    host,
                    port == null ? 443 : Integer.parseInt(port),
                    JsonFields.optionalString(json, "trusted_certificate"));
        } catch (RegistryException | NumberFormatException wrong) {
            String field = wrong instanceof RegistryException registry ? registry.field() : "port";
            throw new IllegalStateException("APNs credentials are incomplete or malformed (" + field + ")");
        }
    }

    @Override
    public String toString() {
        return "ApnsCredentials[keyId=" + keyId + ", teamId=" + teamId + ", topic=" + topic + ", host=" + host
                + ":" + port + "]";
    }
}
