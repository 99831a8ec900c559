package dev.pushregistry.functions.logout;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.core.configuration.Variables;
import dev.pushregistry.core.registry.DeviceRegistry;
import dev.pushregistry.core.registry.LogoutCommand;
import dev.pushregistry.core.registry.RegistrySettings;
import dev.pushregistry.http.HttpBodies;
import dev.pushregistry.http.HttpFunction;
import dev.pushregistry.http.HttpResponses;
import dev.pushregistry.http.auth.Grant;
import dev.pushregistry.store.dynamodb.TableWiring;
import dev.pushregistry.telemetry.Metrics;
import java.time.Clock;

/**
 * {@code POST /v1/logout}: the token stops belonging to the person. Answers 204 whether or not the
 * person owned it.
 */
public final class LogoutHandler extends HttpFunction<DeviceRegistry> {

    /**
     * Lambda's entry point: the function wired from its environment, once per container, with its
     * SnapStart hooks (primed with {@code events/logout.json}).
     */
    public LogoutHandler() {
        this(partsFrom(new Settings(System.getenv()), Clock.systemUTC()));
        useSnapshotHooks(SnapStart.of(settings -> new LogoutHandler(partsFrom(settings, Clock.systemUTC())), "logout.json"));
    }

    public LogoutHandler(Parts<DeviceRegistry> parts) {
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
        LogoutCommand logout = HttpBodies.logout(body, HttpBodies.appOf(body, grant));
        grant.requirePerson(logout.personId());
        service().logout(logout, clock().instant());
        return HttpResponses.noContent();
    }
}
