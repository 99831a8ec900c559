package dev.pushregistry.functions.send.fcm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.firebase.FirebaseApp;
import com.google.firebase.messaging.FirebaseMessaging;
import dev.pushregistry.local.services.LocalFcm;
import org.junit.jupiter.api.Test;

/** The Firebase app built from a service-account key, as the deployed function builds it. */
class FcmCredentialsTest {
    private static String serviceAccount() {
        return LocalFcm.serviceAccountJson("demo-project", "https://oauth2.googleapis.com/token");
    }

    @Test
    void aServiceAccountKeyGivesAMessagingAppForItsProject() throws Exception {
        FirebaseApp app = FcmCredentials.app(serviceAccount(), null, "shop");
        try {
            assertEquals("demo-project", app.getOptions().getProjectId());
            assertNotNull(FirebaseMessaging.getInstance(app));
        } finally {
            app.delete();
        }
    }

    @Test
    void aKeyThatIsNotAServiceAccountStopsTheFunctionWithoutShowingIt() throws Exception {
        String withoutProject = serviceAccount().replace("\"project_id\":\"demo-project\",", "");
        String notJson = "private_key=" + serviceAccount();

        IllegalStateException noProject = assertThrows(IllegalStateException.class, () -> FcmCredentials.app(withoutProject, null, "shop"));
        IllegalStateException malformed = assertThrows(IllegalStateException.class, () -> FcmCredentials.app(notJson, null, "shop"));

        assertEquals("the FCM service account is malformed (project_id)", noProject.getMessage());
        assertFalse(malformed.getMessage().contains("PRIVATE KEY"));
    }
}
