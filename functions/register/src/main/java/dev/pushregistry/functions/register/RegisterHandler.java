package dev.pushregistry.functions.register;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.core.configuration.Variables;
import dev.pushregistry.core.registry.DeviceRegistry;
import dev.pushregistry.core.registry.LiveActivityRegistry;
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
 * The app's device writes: {@code POST /v1/devices}, an app registers (or refreshes) its push token
 * and reports its Live Activity start tokens; {@code POST /v1/live-activities}, an activity's update
 * token; {@code POST /v1/live-activities/end}, an activity the app saw end. With identity
 * verification on, a change to a device a person owns (a refresh whose previous token is theirs,
 * their device's Live Activity tokens) needs that person's identity token (whoever learns a token
 * could otherwise take its owner's pushes). The answers name the device's owner to a server key
 * only.
 */
public final class RegisterHandler extends HttpFunction<DeviceRegistry> {
    static final String LIVE_ACTIVITY = "POST /v1/live-activities";
    static final String LIVE_ACTIVITY_END = "POST /v1/live-activities/end";

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
        String appId = HttpBodies.appOf(body, grant);
        switch (String.valueOf(request.getRouteKey())) {
            case LIVE_ACTIVITY:
                LiveActivityRegistry.Registered registered = service().liveActivities().register(
                        HttpBodies.liveActivity(body, appId), grant::requirePerson, clock().instant());
                return HttpResponses.ok(Views.liveActivity(registered.device(), registered.activity(), grant));
            case LIVE_ACTIVITY_END:
                HttpBodies.EndedActivity ended = HttpBodies.endedActivity(body, appId);
                service().liveActivities().end(ended.device(), ended.activityId(), grant::requirePerson,
                        clock().instant());
                return HttpResponses.noContent();
            default:
                return HttpResponses.ok(Views.device(service().register(HttpBodies.register(body, appId),
                        grant::requirePerson, clock().instant()), grant));
        }
    }
}
