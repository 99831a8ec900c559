package dev.pushregistry.functions.sendfcm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.json.Json;
import dev.pushregistry.json.JsonFields;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The FCM sender's Firebase app, built from a service-account key (the JSON file Firebase's console
 * gives), which names the project and where its access tokens come from ({@code token_uri}).
 *
 * <p>An FCM-compatible endpoint other than Google's (a test server, a relay) can be named: the
 * SDK's requests to {@code fcm.googleapis.com} then go there instead, over the SDK's own
 * JDK-based transport.
 */
public final class FcmCredentials {
    private static final String MESSAGING_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    private static final String APP_NAME = "push-registry-send-fcm";
    private static final String FCM_HOST = "fcm.googleapis.com";

    private FcmCredentials() {
    }

    /**
     * @param endpoint where to send instead of {@code https://fcm.googleapis.com}, or {@code null}
     * @throws IllegalStateException when the key is not a usable service account (never showing it)
     */
    public static FirebaseApp app(String serviceAccountJson, String endpoint) {
        String projectId;
        try {
            ObjectNode json = Json.parseObject(serviceAccountJson);
            projectId = JsonFields.requiredString(json, "project_id");
        } catch (RegistryException malformed) {
            throw new IllegalStateException("the FCM service account is malformed (" + malformed.field() + ")");
        }
        try {
            GoogleCredentials credentials = GoogleCredentials
                    .fromStream(new ByteArrayInputStream(serviceAccountJson.getBytes(StandardCharsets.UTF_8)))
                    .createScoped(List.of(MESSAGING_SCOPE));
            FirebaseOptions.Builder options = FirebaseOptions.builder()
                    .setCredentials(credentials)
                    .setProjectId(projectId);
            if (endpoint != null) {
                options.setHttpTransport(transportTo(URI.create(endpoint)));
            }
            return FirebaseApp.initializeApp(options.build(), APP_NAME);
        } catch (IOException | IllegalArgumentException unusable) {
            throw new IllegalStateException("the FCM service account cannot be used: " + unusable.getClass().getSimpleName());
        }
    }

    /** A transport that sends what is addressed to FCM to {@code endpoint}, and everything else as addressed. */
    private static NetHttpTransport transportTo(URI endpoint) {
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
            throw new IllegalStateException("FCM_ENDPOINT_URL must be an absolute http(s) URL");
        }
        return new NetHttpTransport.Builder()
                .setConnectionFactory(url -> {
                    URL target = FCM_HOST.equals(url.getHost())
                            ? new URL(endpoint.getScheme(), endpoint.getHost(), endpoint.getPort(), url.getFile())
                            : url;
                    return (HttpURLConnection) target.openConnection();
                })
                .build();
    }
}
