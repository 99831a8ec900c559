package dev.pushregistry.functions.logout;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.api.HttpExchange;
import dev.pushregistry.api.HttpResponses;
import dev.pushregistry.api.Requests;
import dev.pushregistry.aws.RegistryEnvironment;
import dev.pushregistry.registry.DeviceRegistry;
import dev.pushregistry.registry.LogoutCommand;
import java.time.Clock;

/**
 * {@code POST /v1/logout}: the token stops belonging to the person. Answers 204 whether or not the
 * person owned it.
 */
public final class LogoutHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final DeviceRegistry registry;
    private final Clock clock;

    /** Wires the registry from the function's environment, once per container. */
    public LogoutHandler() {
        this(RegistryEnvironment.fromSystem(), Clock.systemUTC());
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public LogoutHandler(RegistryEnvironment environment, Clock clock) {
        this(environment.deviceRegistry(), clock);
    }

    public LogoutHandler(DeviceRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpExchange.respond(event, (request, grant) -> {
            LogoutCommand logout = Requests.logout(Requests.body(request));
            grant.requirePerson(logout.personId());
            registry.logout(logout, clock.instant());
            return HttpResponses.noContent();
        });
    }
}
