package dev.pushregistry.functions.send.apns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.aws.Settings;
import dev.pushregistry.core.device.ApnsEnvironment;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The APNs provider secret: Apple's hosts by environment, and errors that never show the key. */
class ApnsCredentialsTest {
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\\nMIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg\\n-----END PRIVATE KEY-----";

    private static String secret(String extra) {
        return "{\"key_id\":\"ABC123DEFG\",\"team_id\":\"TEAM123456\",\"topic\":\"com.example.app\",\"private_key\":\""
                + KEY + "\"" + extra + "}";
    }

    @Test
    void productionTokensGoToApplesProductionHostAndDevelopmentTokensToItsSandbox() {
        ApnsCredentials credentials = ApnsCredentials.parse(secret(""));

        assertEquals(new ApnsCredentials.Endpoint("api.push.apple.com", 443),
                credentials.endpoint(ApnsEnvironment.PRODUCTION));
        assertEquals(new ApnsCredentials.Endpoint("api.sandbox.push.apple.com", 443),
                credentials.endpoint(ApnsEnvironment.DEVELOPMENT));
        assertNull(credentials.trustedCertificatePem());
    }

    @Test
    void aSecretThatSaysSandboxFromBeforeEnvironmentsSendsProductionDevicesThereToo() {
        ApnsCredentials sandbox = ApnsCredentials.parse(secret(",\"environment\":\"sandbox\""));

        assertEquals("api.sandbox.push.apple.com", sandbox.endpoint(ApnsEnvironment.PRODUCTION).host());
        assertEquals("api.sandbox.push.apple.com", sandbox.endpoint(ApnsEnvironment.DEVELOPMENT).host());
        assertEquals("com.example.app", sandbox.topic());
    }

    @Test
    void otherEndpointsNeedHostPortAndTheCertificateToTrust() {
        ApnsCredentials local = ApnsCredentials.parse(secret(",\"host\":\"127.0.0.1\",\"port\":\"8443\","
                + "\"development_host\":\"127.0.0.1\",\"development_port\":\"8444\","
                + "\"trusted_certificate\":\"-----BEGIN CERTIFICATE-----\""));

        assertEquals(new ApnsCredentials.Endpoint("127.0.0.1", 8443), local.endpoint(ApnsEnvironment.PRODUCTION));
        assertEquals(new ApnsCredentials.Endpoint("127.0.0.1", 8444), local.endpoint(ApnsEnvironment.DEVELOPMENT));
        assertTrue(local.trustedCertificatePem().startsWith("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void aMissingOrMalformedFieldIsNamedWithoutShowingTheKey() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> ApnsCredentials.parse(secret("").replace("\"key_id\":\"ABC123DEFG\",", "")));
        IllegalStateException environment = assertThrows(IllegalStateException.class,
                () -> ApnsCredentials.parse(secret(",\"environment\":\"staging\"")));
        IllegalStateException notJson = assertThrows(IllegalStateException.class,
                () -> ApnsCredentials.parse("key_id=ABC " + KEY));

        assertTrue(missing.getMessage().contains("key_id"), missing.getMessage());
        assertTrue(environment.getMessage().contains("environment"), environment.getMessage());
        for (IllegalStateException failure : new IllegalStateException[] {missing, environment, notJson}) {
            assertFalse(failure.getMessage().contains("MIGTAgEA"), "the key stays out of the message");
        }
        assertFalse(ApnsCredentials.parse(secret("")).toString().contains("MIGTAgEA"), "nor in toString");
    }

    @Test
    void aBadConnectionCountStopsTheFunctionAtStartNamingTheSetting() {
        Map<String, String> environment = Map.of("TABLE_NAME", "registry", "AWS_REGION", "eu-central-1",
                "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "QUEUE_URL", "http://127.0.0.1:9/queue", "DEAD_LETTER_QUEUE_URL", "http://127.0.0.1:9/dead-letters",
                "APNS_CREDENTIALS", secret(""), "APNS_CONNECTIONS", "0");

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new ApnsSendHandler(ApnsSendHandler.partsFrom(new Settings(environment), Clock.systemUTC())));

        assertEquals("APNS_CONNECTIONS must be a whole number from 1 to 64, not '0'", refused.getMessage());
    }

    @Test
    void aSigningKeyThatIsNotAKeyIsRefusedWithoutShowingIt() {
        IllegalStateException unusable = assertThrows(IllegalStateException.class,
                () -> ApnsGateway.client(ApnsCredentials.parse(secret("")), ApnsEnvironment.PRODUCTION, 1));

        assertFalse(unusable.getMessage().contains("MIGTAgEA"));
    }
}
