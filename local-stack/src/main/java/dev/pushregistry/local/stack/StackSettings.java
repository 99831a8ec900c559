package dev.pushregistry.local.stack;

import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.core.app.Apps;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the local stack listens, and the push-service credentials it was given.
 *
 * @param projectRoot the folder holding {@code template.yaml}
 * @param apiPort the HTTP API ({@code LOCAL_API_PORT}, default 3000)
 * @param dynamoDbPort DynamoDB Local ({@code LOCAL_DYNAMODB_PORT}, default 8000)
 * @param sqsPort ElasticMQ ({@code LOCAL_SQS_PORT}, default 9324)
 * @param apnsPort the local APNs's production endpoint ({@code LOCAL_APNS_PORT}, default 2197)
 * @param apnsDevelopmentPort its development endpoint ({@code LOCAL_APNS_DEVELOPMENT_PORT}, default 2198)
 * @param fcmPort the local FCM ({@code LOCAL_FCM_PORT}, default 9325)
 * @param eventsPort the local event bus, EventBridge's {@code PutEvents} ({@code LOCAL_EVENTS_PORT}, default 9326)
 * @param eventsWebhook where the local event bus POSTs each event, if anywhere
 *     ({@code LOCAL_EVENTS_WEBHOOK_URL})
 * @param sqsInterface where ElasticMQ listens ({@code LOCAL_SQS_INTERFACE}, default 127.0.0.1;
 *     0.0.0.0 lets {@code sam local invoke} containers reach it)
 * @param apps the apps served: {@code DEFAULT_APP_ID} (default {@code demo}) and {@code APP_IDS}
 *     (default {@code demo-2})
 * @param providers the senders' settings given in the environment ({@code APNS_CREDENTIALS},
 *     {@code APNS_CREDENTIALS_FILE}, {@code APNS_CONNECTIONS}, {@code FCM_CREDENTIALS},
 *     {@code FCM_CREDENTIALS_FILE}, {@code FCM_ENDPOINT_URL}): with credentials, that service is
 *     the real one instead of the local one
 * @param authorization the authorizer's settings: {@code APP_KEYS} (the default app's),
 *     {@code APP_KEYS_<APP>} (another app's) and {@code SERVER_KEYS} (comma-separated, default
 *     {@code local-app-key}, {@code local-app-key-2} for the second app and so on, and
 *     {@code local-server-key}), and
 *     {@code PUSH_REGISTRY_IDENTITY_JWKS} (a JWKS file; identity verification is on when it is set),
 *     {@code IDENTITY_ISSUER} and {@code IDENTITY_AUDIENCE}
 */
record StackSettings(Path projectRoot, int apiPort, int dynamoDbPort, int sqsPort, int apnsPort, int apnsDevelopmentPort,
                     int fcmPort, int eventsPort, Optional<URI> eventsWebhook, String sqsInterface, Apps apps,
                     Map<String, String> providers, Map<String, String> authorization) {
    /** The app key run-local accepts unless {@code APP_KEYS} says otherwise. */
    static final String LOCAL_APP_KEY = "local-app-key";
    /** The server key run-local accepts unless {@code SERVER_KEYS} says otherwise. */
    static final String LOCAL_SERVER_KEY = "local-server-key";
    /** The apps run-local serves unless {@code DEFAULT_APP_ID} and {@code APP_IDS} say otherwise. */
    static final Apps LOCAL_APPS = Apps.of("demo", "demo-2");

    private static final List<String> PROVIDER_VARIABLES = List.of("APNS_CREDENTIALS", "APNS_CREDENTIALS_FILE",
            "APNS_CONNECTIONS", "FCM_CREDENTIALS", "FCM_CREDENTIALS_FILE", "FCM_ENDPOINT_URL");

    StackSettings {
        providers = Map.copyOf(providers);
        authorization = Map.copyOf(authorization);
    }

    static StackSettings fromEnvironment(Path projectRoot, Map<String, String> environment) {
        Map<String, String> providers = new LinkedHashMap<>();
        for (String name : PROVIDER_VARIABLES) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                providers.put(name, value);
            }
        }
        Apps apps = environment.containsKey("DEFAULT_APP_ID") || environment.containsKey("APP_IDS")
                ? Apps.fromVariables(name -> blankAsNull(environment.get(name))) : LOCAL_APPS;
        return new StackSettings(projectRoot,
                port(environment, "LOCAL_API_PORT", 3000),
                port(environment, "LOCAL_DYNAMODB_PORT", 8000),
                port(environment, "LOCAL_SQS_PORT", 9324),
                port(environment, "LOCAL_APNS_PORT", 2197),
                port(environment, "LOCAL_APNS_DEVELOPMENT_PORT", 2198),
                port(environment, "LOCAL_FCM_PORT", 9325),
                port(environment, "LOCAL_EVENTS_PORT", 9326),
                webhook(environment.get("LOCAL_EVENTS_WEBHOOK_URL")),
                environment.getOrDefault("LOCAL_SQS_INTERFACE", "127.0.0.1"),
                apps, providers, authorization(environment, apps));
    }

    /** The keys and identity setting the authorizer is given, defaults filled in. */
    static Map<String, String> authorization(Map<String, String> environment, Apps apps) {
        Map<String, String> authorization = new LinkedHashMap<>();
        authorization.put("APP_KEYS", valueOr(environment, "APP_KEYS", LOCAL_APP_KEY));
        int number = 1;
        for (String app : apps.ids()) {
            if (!app.equals(apps.defaultAppId())) {
                number++;
                String variable = AuthorizerWiring.appKeysVariable(app);
                authorization.put(variable, valueOr(environment, variable, LOCAL_APP_KEY + "-" + number));
            }
        }
        authorization.put("SERVER_KEYS", valueOr(environment, "SERVER_KEYS", LOCAL_SERVER_KEY));
        for (String name : List.of("PUSH_REGISTRY_IDENTITY_JWKS", "IDENTITY_ISSUER", "IDENTITY_AUDIENCE")) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                authorization.put(name, value);
            }
        }
        return authorization;
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String valueOr(Map<String, String> environment, String name, String fallback) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Every port chosen by the system, local push services, the local keys: for tests. */
    static StackSettings ephemeral(Path projectRoot) {
        return new StackSettings(projectRoot, 0, 0, 0, 0, 0, 0, 0, Optional.empty(), "127.0.0.1", LOCAL_APPS, Map.of(),
                authorization(Map.of(), LOCAL_APPS));
    }

    /** These settings, with the local event bus POSTing each event to {@code webhook}. */
    StackSettings withEventsWebhook(URI webhook) {
        return new StackSettings(projectRoot, apiPort, dynamoDbPort, sqsPort, apnsPort, apnsDevelopmentPort, fcmPort,
                eventsPort, Optional.of(webhook), sqsInterface, apps, providers, authorization);
    }

    private static Optional<URI> webhook(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            URI webhook = new URI(url.trim());
            if (("http".equals(webhook.getScheme()) || "https".equals(webhook.getScheme())) && webhook.getHost() != null) {
                return Optional.of(webhook);
            }
        } catch (URISyntaxException malformed) {
            // reported below
        }
        throw new IllegalStateException("LOCAL_EVENTS_WEBHOOK_URL must be an http or https URL, not '" + url + "'");
    }


    boolean realApns() {
        return providers.containsKey("APNS_CREDENTIALS") || providers.containsKey("APNS_CREDENTIALS_FILE");
    }

    boolean realFcm() {
        return providers.containsKey("FCM_CREDENTIALS") || providers.containsKey("FCM_CREDENTIALS_FILE");
    }

    private static int port(Map<String, String> environment, String name, int fallback) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalStateException(name + " must be a port number, not '" + value + "'");
    }
}
