package dev.pushregistry.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** What wiring AWS clients does to the JVM, and what it requires. */
class AwsClientsTest {
    @Test
    void theJdkKeepsAsManyIdleConnectionsAsTheMostConcurrentTableCalls() {
        AwsClients.from(new Settings(Map.of("AWS_REGION", "eu-central-1")));

        assertEquals(Integer.toString(AwsClients.IDLE_CONNECTIONS_KEPT), System.getProperty("http.maxConnections"),
                "the JDK's default of 5 idle connections per host would make most concurrent calls open a new one");
    }

    @Test
    void aFunctionWithoutARegionDoesNotStart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> AwsClients.from(new Settings(Map.of())));

        assertEquals("AWS_REGION must be set", refused.getMessage());
    }

    @Test
    void afterARestoreCredentialsComeFromAFreshProviderNotTheSnapshots() {
        AtomicInteger made = new AtomicInteger();
        RenewableCredentials credentials = new RenewableCredentials(() -> StaticCredentialsProvider.create(
                AwsBasicCredentials.create("key-" + made.incrementAndGet(), "secret")));
        assertEquals("key-1", credentials.resolveCredentials().accessKeyId());

        Restores.renewAll();

        assertEquals("key-2", credentials.resolveCredentials().accessKeyId());
    }
}
