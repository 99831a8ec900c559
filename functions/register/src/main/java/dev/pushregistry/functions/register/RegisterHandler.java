package dev.pushregistry.functions.register;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.api.HttpFunction;
import dev.pushregistry.api.HttpResponses;
import dev.pushregistry.api.Requests;
import dev.pushregistry.api.Views;
import dev.pushregistry.auth.AccessCheck;
import dev.pushregistry.auth.Grant;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.registry.DeviceRegistry;
import dev.pushregistry.store.TableWiring;
import dev.pushregistry.telemetry.Metrics;
import java.time.Clock;

/**
 * {@code POST /v1/devices}: an app registers (or refreshes) its push token. With identity
 * verification on, a refresh whose previous token a person owns needs that person's identity token
 * (whoever learns a token could otherwise take its owner's pushes). The answer names the device's
 * owner to a server key only.
 */
public final class RegisterHandler extends HttpFunction {
    private final DeviceRegistry registry;
    private final Clock clock;

    /**
     * Wires the registry and the access check from the function's environment, once per container, with
     * its SnapStart hooks (primed with {@code events/register.json}).
     */
    public RegisterHandler() {
        this(new Settings(System.getenv()), Clock.systemUTC());
        useSnapshotHooks(SnapStart.of(settings -> new RegisterHandler(settings, Clock.systemUTC()), "register.json"));
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public RegisterHandler(Settings settings, Clock clock) {
        this(TableWiring.from(settings).deviceRegistry(), AuthorizerWiring.authorizer(settings, clock), clock,
                Metrics.from(settings));
    }

    /**
     * @param access who may call the function's routes
     * @param metrics where its requests are counted
     */
    public RegisterHandler(DeviceRegistry registry, AccessCheck access, Clock clock, Metrics metrics) {
        super(access, metrics);
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request, Grant grant) {
        ObjectNode body = Requests.body(request);
        return HttpResponses.ok(Views.device(registry.register(Requests.register(body, Requests.appOf(body, grant)),
                grant::requirePerson, clock.instant()), grant));
    }
}
