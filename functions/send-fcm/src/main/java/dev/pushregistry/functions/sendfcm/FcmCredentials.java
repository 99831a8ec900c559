package dev.pushregistry.functions.sendfcm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import dev.pushregistry.api.Json;
import dev.pushregistry.api.JsonFields;
import dev.pushregistry.error.RegistryException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The FCM sender's Firebase app, built from a service-account key (the JSON file Firebase's console
 * gives), which names the project.
 */
final class FcmCredentials {
    private static final String MESSAGING_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    private static final String APP_NAME = "push-registry-send-fcm";

    private FcmCredentials() {
    }

    /** @throws IllegalStateException when the key is not a usable service account (never showing it) */
    static FirebaseApp app(String serviceAccountJson) {
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
            return FirebaseApp.initializeApp(FirebaseOptions.builder()
                    .setCredentials(credentials)
                    .setProjectId(projectId)
                    .build(), APP_NAME);
        } catch (IOException | IllegalArgumentException unusable) {
            throw new IllegalStateException("the FCM service account cannot be used: " + unusable.getClass().getSimpleName());
        }
    }
}
