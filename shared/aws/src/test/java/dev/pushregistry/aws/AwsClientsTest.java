package dev.pushregistry.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
