package dev.pushregistry.functions.sendfcm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.firebase.FirebaseApp;
import com.google.firebase.messaging.FirebaseMessaging;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The Firebase app built from a service-account key, as the deployed function builds it. */
class FcmCredentialsTest {
    private static String serviceAccount() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\\n-----END PRIVATE KEY-----\\n";
        return "{\"type\":\"service_account\",\"project_id\":\"demo-project\",\"private_key_id\":\"k1\","
                + "\"private_key\":\"" + pem + "\",\"client_email\":\"pusher@demo-project.iam.gserviceaccount.com\","
                + "\"client_id\":\"1\",\"token_uri\":\"https://oauth2.googleapis.com/token\"}";
    }

    @Test
    void aServiceAccountKeyGivesAMessagingAppForItsProject() throws Exception {
        FirebaseApp app = FcmCredentials.app(serviceAccount());
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

        IllegalStateException noProject = assertThrows(IllegalStateException.class, () -> FcmCredentials.app(withoutProject));
        IllegalStateException malformed = assertThrows(IllegalStateException.class, () -> FcmCredentials.app(notJson));

        assertEquals("the FCM service account is malformed (project_id)", noProject.getMessage());
        assertFalse(malformed.getMessage().contains("PRIVATE KEY"));
    }
}
