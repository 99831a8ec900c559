package dev.pushregistry.functions.register;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.core.configuration.Variables;
import dev.pushregistry.core.registry.DeviceRegistry;
import dev.pushregistry.core.registry.RegistrySettings;
import dev.pushregistry.http.HttpBodies;
import dev.pushregistry.http.HttpFunction;
import dev.pushregistry.http.HttpResponses;
import dev.pushregistry.http.Views;
import dev.pushregistry.http.auth.Grant;
import dev.pushregistry.store.dynamodb.TableWiring;
import dev.pushregistry.telemetry.Metrics;
import java.time.Clock;

/**
 * {@code POST /v1/devices}: an app registers (or refreshes) its push token. With identity
 * verification on, a refresh whose previous token a person owns needs that person's identity token
 * (whoever learns a token could otherwise take its owner's pushes). The answer names the device's
 * owner to a server key only.
 */
public final class RegisterHandler extends HttpFunction<DeviceRegistry> {

    /**
     * Lambda's entry point: the function wired from its environment, once per container, with its
     * SnapStart hooks (primed with {@code events/register.json}).
     */
    public RegisterHandler() {
        this(partsFrom(new Settings(System.getenv()), Clock.systemUTC()));
        useSnapshotHooks(SnapStart.of(settings -> new RegisterHandler(partsFrom(settings, Clock.systemUTC())), "register.json"));
    }

    public RegisterHandler(Parts<DeviceRegistry> parts) {
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
        return HttpResponses.ok(Views.device(service().register(HttpBodies.register(body, HttpBodies.appOf(body, grant)),
                grant::requirePerson, clock().instant()), grant));
    }
}
