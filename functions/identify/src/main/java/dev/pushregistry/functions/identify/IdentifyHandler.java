package dev.pushregistry.functions.identify;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.api.HttpFunction;
import dev.pushregistry.api.HttpResponses;
import dev.pushregistry.api.Requests;
import dev.pushregistry.api.Views;
import dev.pushregistry.auth.AccessCheck;
import dev.pushregistry.auth.Audience;
import dev.pushregistry.auth.Grant;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.registry.DeviceRegistry;
import dev.pushregistry.registry.IdentifyCommand;
import dev.pushregistry.registry.IdentifyResult;
import dev.pushregistry.store.TableWiring;
import dev.pushregistry.telemetry.Metrics;
import java.time.Clock;

/**
 * {@code POST /v1/identify}: the app tells who its user is; the token becomes theirs. A token taken
 * from another person is counted ({@code TokensMoved}), and the answer names that person
 * ({@code moved_from}) to a server key only: an app key would learn who owned the token.
 */
public final class IdentifyHandler extends HttpFunction {
    private final DeviceRegistry registry;
    private final Clock clock;

    /**
     * Wires the registry and the access check from the function's environment, once per container, with
     * its SnapStart hooks (primed with {@code events/identify.json}).
     */
    public IdentifyHandler() {
        this(new Settings(System.getenv()), Clock.systemUTC());
        useSnapshotHooks(SnapStart.of(settings -> new IdentifyHandler(settings, Clock.systemUTC()), "identify.json"));
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public IdentifyHandler(Settings settings, Clock clock) {
        this(TableWiring.from(settings).deviceRegistry(), AuthorizerWiring.authorizer(settings, clock), clock,
                Metrics.from(settings));
    }

    /**
     * @param access who may call the function's routes
     * @param metrics where its requests are counted
     */
    public IdentifyHandler(DeviceRegistry registry, AccessCheck access, Clock clock, Metrics metrics) {
        super(access, metrics);
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request, Grant grant) {
        ObjectNode body = Requests.body(request);
        IdentifyCommand identify = Requests.identify(body, Requests.appOf(body, grant));
        grant.requirePerson(identify.personId());
        IdentifyResult result = registry.identify(identify, clock.instant());
        ObjectNode view = Views.device(result.device());
        result.previousOwner().ifPresent(previous -> {
            if (grant.audience() == Audience.BACKEND) {
                view.put("moved_from", previous);
            }
            metrics().count("TokensMoved", 1, Metrics.dimension("Endpoint", request.getRouteKey()));
        });
        return HttpResponses.ok(view);
    }
}
