package dev.pushregistry.system;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.functions.identify.IdentifyHandler;
import dev.pushregistry.functions.logout.LogoutHandler;
import dev.pushregistry.functions.people.PeopleHandler;
import dev.pushregistry.functions.register.RegisterHandler;
import dev.pushregistry.registry.LogoutPolicy;
import dev.pushregistry.testing.TestRegistry;

/** Every function's handler over one test registry, routed by the event's route key as API Gateway does. */
final class Endpoints {
    private final RegisterHandler register;
    private final IdentifyHandler identify;
    private final LogoutHandler logout;
    private final PeopleHandler people;

    Endpoints(TestRegistry registry, LogoutPolicy policy) {
        this.register = new RegisterHandler(registry.devices(policy), registry.clock());
        this.identify = new IdentifyHandler(registry.devices(policy), registry.clock());
        this.logout = new LogoutHandler(registry.devices(policy), registry.clock());
        this.people = new PeopleHandler(registry.people(), registry.clock());
    }

    APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        switch (event.getRouteKey()) {
            case "POST /v1/devices":
                return register.handleRequest(event, null);
            case "POST /v1/identify":
                return identify.handleRequest(event, null);
            case "POST /v1/logout":
                return logout.handleRequest(event, null);
            default:
                return people.handleRequest(event, null);
        }
    }
}
