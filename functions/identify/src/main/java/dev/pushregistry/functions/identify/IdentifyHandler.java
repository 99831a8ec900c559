package dev.pushregistry.functions.identify;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.api.HttpExchange;
import dev.pushregistry.api.HttpResponses;
import dev.pushregistry.api.Requests;
import dev.pushregistry.api.Views;
import dev.pushregistry.aws.RegistryEnvironment;
import dev.pushregistry.registry.DeviceRegistry;
import dev.pushregistry.registry.IdentifyCommand;
import dev.pushregistry.registry.IdentifyResult;
import java.time.Clock;

/** {@code POST /v1/identify}: the app tells who its user is; the token becomes theirs. */
public final class IdentifyHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final DeviceRegistry registry;
    private final Clock clock;

    /** Wires the registry from the function's environment, once per container. */
    public IdentifyHandler() {
        this(RegistryEnvironment.fromSystem(), Clock.systemUTC());
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public IdentifyHandler(RegistryEnvironment environment, Clock clock) {
        this(environment.deviceRegistry(), clock);
    }

    public IdentifyHandler(DeviceRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpExchange.respond(event, (request, grant) -> {
            IdentifyCommand identify = Requests.identify(Requests.body(request));
            grant.requirePerson(identify.personId());
            IdentifyResult result = registry.identify(identify, clock.instant());
            ObjectNode view = Views.device(result.device());
            result.previousOwner().ifPresent(previous -> view.put("moved_from", previous));
            return HttpResponses.ok(view);
        });
    }
}
