package dev.pushregistry.functions.identify;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.core.configuration.Variables;
import dev.pushregistry.core.registry.DeviceRegistry;
import dev.pushregistry.core.registry.IdentifyCommand;
import dev.pushregistry.core.registry.IdentifyResult;
import dev.pushregistry.core.registry.RegistrySettings;
import dev.pushregistry.http.HttpBodies;
import dev.pushregistry.http.HttpFunction;
import dev.pushregistry.http.HttpResponses;
import dev.pushregistry.http.Views;
import dev.pushregistry.http.auth.Audience;
import dev.pushregistry.http.auth.Grant;
import dev.pushregistry.store.dynamodb.TableWiring;
import dev.pushregistry.telemetry.Metrics;
import java.time.Clock;

/**
 * {@code POST /v1/identify}: the app tells who its user is; the token becomes theirs. A token taken
 * from another person is counted ({@code TokensMoved}), and the answer names that person
 * ({@code moved_from}) to a server key only: an app key would learn who owned the token.
 */
public final class IdentifyHandler extends HttpFunction<DeviceRegistry> {

    /**
     * Lambda's entry point: the function wired from its environment, once per container, with its
     * SnapStart hooks (primed with {@code events/identify.json}).
     */
    public IdentifyHandler() {
        this(partsFrom(new Settings(System.getenv()), Clock.systemUTC()));
        useSnapshotHooks(SnapStart.of(settings -> new IdentifyHandler(partsFrom(settings, Clock.systemUTC())), "identify.json"));
    }

    public IdentifyHandler(Parts<DeviceRegistry> parts) {
        super(parts);
    }

    /** The function's parts, from the given environment variables (one function of several in a JVM, say). */
    public static Parts<DeviceRegistry> partsFrom(Settings settings, Clock clock) {
        return new Parts<>(new DeviceRegistry(TableWiring.from(settings).registryStore(),
                        RegistrySettings.fromVariables(Variables.of(settings::optional))),
                AuthorizerWiring.authorizer(settings, clock), clock, Metrics.from(settings));
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request, Grant grant) {
        ObjectNode body = HttpBodies.body(request);
        IdentifyCommand identify = HttpBodies.identify(body, HttpBodies.appOf(body, grant));
        grant.requirePerson(identify.personId());
        IdentifyResult result = service().identify(identify, clock().instant());
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
