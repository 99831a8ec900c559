package dev.pushregistry.system.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushregistry.local.services.cloudformation.Stack;
import dev.pushregistry.local.services.iam.AccessRequest;
import dev.pushregistry.local.services.iam.Decision;
import dev.pushregistry.local.services.iam.LocalIam;
import dev.pushregistry.local.services.iam.Policy;
import dev.pushregistry.local.services.iam.Role;
import dev.pushregistry.local.services.iam.StackIam;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.testing.FunctionEnvironments;
import dev.pushregistry.testing.LocalAws;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the template's resource policies keep from someone inside the account: an administrator (a
 * role allowed every action) cannot put deliveries on a delivery queue, put events on the
 * registry's bus, or reach any queue without TLS; the functions that must write them still can.
 * Decided by the local IAM over the deployed template, as IAM decides.
 */
class InsiderAccessTest {
    private static final String REDRIVER = "arn:aws:iam::000000000000:role/queue-operator";
    private static final Map<String, String> OVER_TLS = Map.of("aws:SecureTransport", "true");

    private final Stack stack = LocalAws.get().stack().name("insiders")
            .parameter("ApiKeysSecretArn", FunctionEnvironments.API_KEYS_SECRET_ARN)
            .parameter("IdentityVerification", "off")
            .parameter("AppIds", TestRegistry.OTHER_APP)
            .parameter("DeadLetterRedrivers", REDRIVER)
            .build();
    private final LocalIam iam = new LocalIam();
    private final Map<String, Role> functions = StackIam.functionRoles(stack);

    InsiderAccessTest() {
        iam.deploy(stack);
    }

    private static Role allowedEverything(String arn) {
        return new Role(arn, "someone", List.of(Policy.of("AdministratorAccess", new ObjectMapper().createObjectNode()
                .set("Statement", new ObjectMapper().createArrayNode().add(new ObjectMapper().createObjectNode()
                        .put("Effect", "Allow").put("Action", "*").put("Resource", "*"))))));
    }

    private boolean may(Role role, String action, String resourceArn, Map<String, String> context) {
        Decision decision = iam.decide(role, List.of(new AccessRequest(action, resourceArn)), context);
        return decision.allowed();
    }

    private String queue(String logicalId) {
        return stack.attribute(logicalId, "Arn");
    }

    @Test
    void onlyDispatchTheQueuesSenderAndTheRedriversPutDeliveriesOnADeliveryQueue() {
        Role administrator = allowedEverything("arn:aws:iam::000000000000:role/Admin");
        Role redriver = allowedEverything(REDRIVER);

        for (String sender : List.of("SendApnsFunction", "SendFcmFunction")) {
            String own = sender.equals("SendApnsFunction") ? "ApnsDeliveriesQueue" : "FcmDeliveriesQueue";
            String other = sender.equals("SendApnsFunction") ? "FcmDeliveriesQueue" : "ApnsDeliveriesQueue";
            assertTrue(may(functions.get(sender), "sqs:SendMessage", queue(own), OVER_TLS), sender + " on its own queue");
            assertFalse(may(functions.get(sender), "sqs:SendMessage", queue(other), OVER_TLS), sender + " on the other");
            assertTrue(may(functions.get("DispatchFunction"), "sqs:SendMessage", queue(own), OVER_TLS));
            assertTrue(may(redriver, "sqs:SendMessage", queue(own), OVER_TLS), "a named redriver moves dead letters back");
            assertFalse(may(administrator, "sqs:SendMessage", queue(own), OVER_TLS),
                    "an administrator cannot forge deliveries on " + own);
            assertTrue(may(administrator, "sqs:ReceiveMessage", queue(own), OVER_TLS), "but can still operate the queue");
        }
        assertFalse(may(administrator, "sqs:SendMessage", queue("SendRequestsQueue"), OVER_TLS));
        assertTrue(may(functions.get("SendsFunction"), "sqs:SendMessage", queue("SendRequestsQueue"), OVER_TLS));
    }

    @Test
    void noQueueAnswersWithoutTls() {
        Role administrator = allowedEverything("arn:aws:iam::000000000000:role/Admin");
        List<String> queues = stack.resources().entrySet().stream()
                .filter(resource -> resource.getValue().path("Type").asText().equals("AWS::SQS::Queue"))
                .map(Map.Entry::getKey).filter(stack::deploys).toList();

        assertTrue(queues.size() >= 7, queues.toString());
        for (String logicalId : queues) {
            assertTrue(may(administrator, "sqs:ReceiveMessage", queue(logicalId), OVER_TLS), logicalId);
            assertFalse(may(administrator, "sqs:ReceiveMessage", queue(logicalId), Map.of("aws:SecureTransport", "false")),
                    logicalId + " without TLS");
        }
        assertFalse(may(functions.get("DispatchFunction"), "sqs:SendMessage", queue("ApnsDeliveriesQueue"),
                Map.of("aws:SecureTransport", "false")), "even for the function that may write it");
    }

    @Test
    void onlyTheEventsFunctionPutsEventsOnTheRegistrysBus() {
        String bus = stack.attribute("EventBus", "Arn");

        assertTrue(may(functions.get("EventsFunction"), "events:PutEvents", bus, OVER_TLS));
        assertFalse(may(allowedEverything("arn:aws:iam::000000000000:role/Admin"), "events:PutEvents", bus, OVER_TLS),
                "nobody else forges device.* or send.* events");
    }
}
