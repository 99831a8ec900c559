package dev.pushregistry.functions.send.apns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.json.Json;
import dev.pushregistry.json.JsonFields;
import java.util.Objects;

/**
 * What the APNs sender needs to talk to Apple for one app, read from the app's APNs secret (a JSON
 * object):
 *
 * <pre>
 * {"key_id": "ABC123DEFG", "team_id": "DEF123GHIJ", "topic": "com.example.app",
 *  "private_key": "-----BEGIN PRIVATE KEY-----\n…"}
 * </pre>
 *
 * <p>One token key signs pushes to both of Apple's endpoints: devices registered as
 * {@code production} go to {@code api.push.apple.com}, {@code development} ones to
 * {@code api.sandbox.push.apple.com}. APNs-compatible endpoints elsewhere (test servers) are named by
 * {@code host} and {@code port} (production) and {@code development_host} and
 * {@code development_port}, with the PEM certificate to trust in {@code trusted_certificate}.
 * {@code "environment": "sandbox"}, from before devices had environments, sends production devices
 * to the sandbox too (a deployment for development builds only).
 *
 * @param keyId the signing key's id
 * @param teamId the Apple developer team id
 * @param topic the app's bundle id
 * @param privateKeyPem the {@code .p8} signing key (PKCS#8 PEM)
 * @param production where production tokens go
 * @param development where development tokens go
 * @param trustedCertificatePem the certificate to trust instead of the system's, or {@code null}
 */
public record ApnsCredentials(String keyId, String teamId, String topic, String privateKeyPem, Endpoint production,
                              Endpoint development, String trustedCertificatePem) {
    static final Endpoint PRODUCTION = new Endpoint("api.push.apple.com", 443);
    static final Endpoint SANDBOX = new Endpoint("api.sandbox.push.apple.com", 443);

    public ApnsCredentials {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        Objects.requireNonNull(production, "production");
        Objects.requireNonNull(development, "development");
    }

    /** Where tokens of the environment go. */
    public Endpoint endpoint(ApnsEnvironment environment) {
        return environment == ApnsEnvironment.DEVELOPMENT ? development : production;
    }

    /** @throws IllegalStateException naming the field that is missing (never showing the secret) */
    public static ApnsCredentials parse(String secret) {
        try {
            ObjectNode json = Json.parseObject(secret);
            String environment = JsonFields.optionalString(json, "environment");
            Endpoint production;
            if (environment == null || environment.equals("production")) {
                production = PRODUCTION;
            } else if (environment.equals("sandbox")) {
                production = SANDBOX;
            } else {
                throw new IllegalStateException("APNs credentials: environment must be production or sandbox");
            }
            return new ApnsCredentials(
                    JsonFields.requiredString(json, "key_id"),
                    JsonFields.requiredString(json, "team_id"),
                    JsonFields.requiredString(json, "topic"),
                    JsonFields.requiredString(json, "private_key"),
                    endpoint(json, "host", "port", production),
                    endpoint(json, "development_host", "development_port", SANDBOX),
                    JsonFields.optionalString(json, "trusted_certificate"));
        } catch (RegistryException wrong) {
            throw new IllegalStateException("APNs credentials are incomplete or malformed (" + wrong.field() + ")");
        }
    }

    private static Endpoint endpoint(ObjectNode json, String hostField, String portField, Endpoint otherwise) {
        String host = JsonFields.optionalString(json, hostField);
        String port = JsonFields.optionalString(json, portField);
        if (host == null && port == null) {
            return otherwise;
        }
        try {
            return new Endpoint(host == null ? otherwise.host() : host, port == null ? 443 : Integer.parseInt(port));
        } catch (NumberFormatException notANumber) {
            throw new IllegalStateException("APNs credentials are incomplete or malformed (" + portField + ")");
        }
    }

    @Override
    public String toString() {
        return "ApnsCredentials[keyId=" + keyId + ", teamId=" + teamId + ", topic=" + topic + ", production="
                + production + ", development=" + development + "]";
    }

    /**
     * An APNs endpoint.
     *
     * @param host its host
     * @param port its port
     */
    public record Endpoint(String host, int port) {
        public Endpoint {
            Objects.requireNonNull(host, "host");
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
