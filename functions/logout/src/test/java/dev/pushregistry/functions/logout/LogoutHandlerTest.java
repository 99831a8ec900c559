package dev.pushregistry.functions.logout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.person.HistoryEventType;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.telemetry.Metrics;
import dev.pushregistry.testing.Bodies;
import dev.pushregistry.testing.LambdaInvocations;
import dev.pushregistry.testing.LocalAws;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SampleKeys;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogoutHandlerTest {
    private TestRegistry registry;

    @BeforeEach
    void setUp() {
        registry = TestRegistry.create();
    }

    @AfterEach
    void tableStaysConsistent() {
        registry.assertConsistent();
    }

    private APIGatewayV2HTTPResponse logout(LogoutPolicy policy, String person, String token) {
        LogoutHandler handler = new LogoutHandler(new LogoutHandler.Parts<>(LocalAws.asFunction(registry, "LogoutFunction").devices(policy),
                SampleKeys.authorizer(), registry.clock(), Metrics.discarding()));
        return LambdaInvocations.http(handler, "LogoutFunction",
                SampleEvents.withBody("logout.json", Bodies.logout(person, token).toString()));
    }

    private Optional<Device> device(String token) {
        return registry.device(token);
    }

    @Test
    void theSampleEventIsAcceptedEvenForATokenNobodyOwns() {
        APIGatewayV2HTTPResponse response = LambdaInvocations.http(new LogoutHandler(new LogoutHandler.Parts<>(LocalAws.asFunction(registry, "LogoutFunction").devices(),
                SampleKeys.authorizer(), registry.clock(), Metrics.discarding())), "LogoutFunction", SampleEvents.load("logout.json"));

        assertEquals(204, response.getStatusCode(), response.getBody());
        assertEquals(0, registry.itemCount());
    }

    @Test
    void byDefaultTheDeviceIsDeleted() {
        String token = registry.identifiedIosDevice("cust-42");

        assertEquals(204, logout(LogoutPolicy.DELETE, "cust-42", token).getStatusCode());

        assertTrue(device(token).isEmpty());
        assertTrue(registry.people().devices("cust-42", registry.clock().instant()).devices().isEmpty());
        assertEquals(HistoryEventType.LOGGED_OUT,
                registry.people().tokenHistory("cust-42", registry.clock().instant()).get(0).type());
    }

    @Test
    void withAnonymizeTheDeviceStaysWithoutAnOwnerAndANewRegistration() {
        String token = registry.identifiedIosDevice("cust-42");
        long before = device(token).orElseThrow().registrationVersion();

        assertEquals(204, logout(LogoutPolicy.ANONYMIZE, "cust-42", token).getStatusCode());

        Device anonymous = device(token).orElseThrow();
        assertTrue(anonymous.personId().isEmpty());
        assertTrue(anonymous.registrationVersion() > before, "a sender's verdict about the owned registration cannot apply");
        assertTrue(registry.people().devices("cust-42", registry.clock().instant()).devices().isEmpty());
    }

    @Test
    void aPersonWhoDoesNotOwnTheTokenChangesNothing() {
        String token = registry.identifiedIosDevice("cust-7");
        List<String> before = registry.snapshot();

        for (LogoutPolicy policy : LogoutPolicy.values()) {
            assertEquals(204, logout(policy, "cust-42", token).getStatusCode());
        }

        assertEquals(before, registry.snapshot());
        assertEquals("cust-7", device(token).orElseThrow().personId().orElseThrow());
    }
}
