package dev.pushregistry.functions.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.person.HistoryEventType;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.testing.Bodies;
import dev.pushregistry.testing.LambdaInvocations;
import dev.pushregistry.testing.LocalAws;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SampleKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One person owns at most the deployment's cap of devices in one app: identifying one more displaces
 * their least recently used device, with a {@code logged_out} history entry, as the logout policy
 * has it leave. The function is wired from its deployed environment and calls with its role.
 */
class DeviceCapTest {
    private final TestRegistry registry = TestRegistry.create();

    @AfterEach
    void tableStaysConsistent() {
        registry.assertConsistent();
    }

    private IdentifyHandler handler(int cap, String logoutPolicy) {
        LocalAws.Deployment deployed = LocalAws.get().deploy(LocalAws.get().stack()
                .parameter("ApiKeysSecretArn", "arn:aws:secretsmanager:eu-central-1:000000000000:secret:keys-Ab12Cd")
                .parameter("IdentityVerification", "off")
                .parameter("MaxDevicesPerPerson", String.valueOf(cap))
                .parameter("LogoutPolicy", logoutPolicy)
                .resource("RegistryTable", Map.of("Ref", registry.table())).build());
        Map<String, String> environment = new HashMap<>(deployed.environment("IdentifyFunction"));
        Map<String, String> variables = deployed.variables("IdentifyFunction");
        environment.put("MAX_DEVICES_PER_PERSON", variables.get("MAX_DEVICES_PER_PERSON"));
        environment.put("LOGOUT_POLICY", variables.get("LOGOUT_POLICY"));
        environment.put("TABLE_NAME", registry.table());
        environment.put("DEFAULT_APP_ID", TestRegistry.APP);
        environment.put("APP_IDS", TestRegistry.OTHER_APP);
        environment.put("APP_KEYS", SampleKeys.APP_KEY);
        environment.put("SERVER_KEYS", SampleKeys.SERVER_KEY);
        return new IdentifyHandler(IdentifyHandler.partsFrom(new Settings(environment), registry.clock()));
    }

    private static void identify(IdentifyHandler handler, String person, String token) {
        APIGatewayV2HTTPResponse answer = LambdaInvocations.http(handler, "IdentifyFunction", SampleEvents.withBody(
                "identify.json", Bodies.object().put("person_id", person).put("token", token).put("platform", "ios")
                        .toString()));
        assertEquals(200, answer.getStatusCode(), answer.getBody());
    }

    private Set<String> tokensOf(String person) {
        return registry.people().devices(person, registry.clock().instant()).devices().stream().map(Device::token)
                .collect(Collectors.toSet());
    }

    @Test
    void oneDevicePastTheCapDisplacesThePersonsLeastRecentlyUsedOne() {
        IdentifyHandler identify = handler(3, "delete");
        String first = Tokens.apns();
        String second = Tokens.apns();
        String third = Tokens.apns();
        for (String token : List.of(first, second, third)) {
            identify(identify, "cust-1", token);
        }
        identify(identify, "cust-1", first);
        assertEquals(Set.of(first, second, third), tokensOf("cust-1"), "identifying an own device again displaces none");

        String fourth = Tokens.apns();
        identify(identify, "cust-1", fourth);

        assertEquals(Set.of(first, third, fourth), tokensOf("cust-1"), "the second was used least recently");
        assertTrue(registry.device(second).isEmpty(), "deleted under the delete policy");
        HistoryEvent latest = registry.people().tokenHistory("cust-1", registry.clock().instant()).stream()
                .filter(event -> event.token().equals(second)).findFirst().orElseThrow();
        assertEquals(HistoryEventType.LOGGED_OUT, latest.type());
    }

    @Test
    void aFloodOfJunkTokensLeavesThePersonWithTheCapAndOtherPeopleUntouched() {
        IdentifyHandler identify = handler(5, "delete");
        String bystanders = Tokens.apns();
        identify(identify, "cust-2", bystanders);

        for (int junk = 0; junk < 40; junk++) {
            identify(identify, "victim", Tokens.apns());
        }

        assertEquals(5, tokensOf("victim").size());
        assertEquals(Set.of(bystanders), tokensOf("cust-2"));
    }

    @Test
    void underTheAnonymizePolicyTheDisplacedDeviceStaysWithoutAnOwner() {
        IdentifyHandler identify = handler(1, "anonymize");
        String old = Tokens.apns();
        identify(identify, "cust-1", old);
        String fresh = Tokens.apns();

        identify(identify, "cust-1", fresh);

        assertEquals(Set.of(fresh), tokensOf("cust-1"));
        assertEquals(Optional.empty(), registry.device(old).orElseThrow().personId());
    }
}
