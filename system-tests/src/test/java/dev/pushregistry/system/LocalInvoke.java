package dev.pushregistry.system;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.pushregistry.functions.identify.IdentifyHandler;
import dev.pushregistry.functions.logout.LogoutHandler;
import dev.pushregistry.functions.people.PeopleHandler;
import dev.pushregistry.functions.register.RegisterHandler;
import dev.pushregistry.registry.DeviceRegistry;
import dev.pushregistry.registry.LogoutPolicy;
import dev.pushregistry.registry.PersonDirectory;
import dev.pushregistry.registry.RegistrySettings;
import dev.pushregistry.store.DynamoDbRegistryStore;
import dev.pushregistry.testing.DynamoDbLocal;
import dev.pushregistry.testing.RegistryTable;
import dev.pushregistry.testing.TestRegistry;
import java.time.Clock;

/**
 * {@code ./run-local}: starts DynamoDB Local in this JVM, creates the registry table, and passes
 * each named sample event, in order, to the handler of its route, printing what it answers.
 */
public final class LocalInvoke {
    private LocalInvoke() {
    }

    public static void main(String[] events) {
        if (events.length == 0) {
            System.err.println("usage: ./run-local EVENT.json [EVENT.json ...]   (for example events/register.json)");
            System.exit(2);
        }
        DynamoDbLocal dynamo = DynamoDbLocal.server();
        String table = RegistryTable.create(dynamo.client());
        System.out.println("DynamoDB Local at " + dynamo.endpoint() + ", table " + table);
        DynamoDbRegistryStore store = new DynamoDbRegistryStore(dynamo.client(), table,
                TestRegistry.DEVICE_LIFETIME, TestRegistry.HISTORY_RETENTION);
        LogoutPolicy policy = LogoutPolicy.fromConfiguration(System.getenv().getOrDefault("LOGOUT_POLICY", "delete"));
        DeviceRegistry devices = new DeviceRegistry(store, RegistrySettings.withLogoutPolicy(policy));
        Clock clock = Clock.systemUTC();
        RegisterHandler register = new RegisterHandler(devices, clock);
        IdentifyHandler identify = new IdentifyHandler(devices, clock);
        LogoutHandler logout = new LogoutHandler(devices, clock);
        PeopleHandler people = new PeopleHandler(new PersonDirectory(store), clock);
        for (String file : events) {
            APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(file);
            APIGatewayV2HTTPResponse response = switch (event.getRouteKey()) {
                case "POST /v1/devices" -> register.handleRequest(event, null);
                case "POST /v1/identify" -> identify.handleRequest(event, null);
                case "POST /v1/logout" -> logout.handleRequest(event, null);
                default -> people.handleRequest(event, null);
            };
            System.out.println();
            System.out.println(event.getRouteKey() + "   (" + file + ")");
            System.out.println("  -> " + response.getStatusCode() + " " + (response.getBody() == null ? "" : response.getBody()));
        }
        System.exit(0);
    }
}
