package dev.pushregistry.functions.register;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.api.HttpExchange;
import dev.pushregistry.api.HttpResponses;
import dev.pushregistry.api.Requests;
import dev.pushregistry.api.Views;
import dev.pushregistry.aws.RegistryEnvironment;
import dev.pushregistry.registry.DeviceRegistry;
import java.time.Clock;

/** {@code POST /v1/devices}: an app registers (or refreshes) its push token. */
public final class RegisterHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final DeviceRegistry registry;
    private final Clock clock;

    /** Wires the registry from the function's environment, once per container. */
    public RegisterHandler() {
        this(RegistryEnvironment.fromSystem(), Clock.systemUTC());
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public RegisterHandler(RegistryEnvironment environment, Clock clock) {
        this(environment.deviceRegistry(), clock);
    }

    public RegisterHandler(DeviceRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpExchange.respond(event, (request, grant) -> HttpResponses.ok(Views.device(
                registry.register(Requests.register(Requests.body(request)), clock.instant()))));
    }
}
