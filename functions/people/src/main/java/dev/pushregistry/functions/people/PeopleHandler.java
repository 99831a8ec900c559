package dev.pushregistry.functions.people;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.person.PersonDevices;
import dev.pushregistry.core.registry.PersonDirectory;
import dev.pushregistry.http.HttpBodies;
import dev.pushregistry.http.HttpFunction;
import dev.pushregistry.http.HttpResponses;
import dev.pushregistry.http.Views;
import dev.pushregistry.http.auth.Grant;
import dev.pushregistry.store.dynamodb.TableWiring;
import dev.pushregistry.telemetry.Metrics;
import java.time.Clock;
import java.util.Optional;

/**
 * The backend's people endpoints: a person's devices and Live Activities (of every app, or of the one
 * {@code ?app_id=} names), their token history, their subscription flag, and forgetting them.
 */
public final class PeopleHandler extends HttpFunction<PersonDirectory> {
    static final String DEVICES = "GET /v1/people/{person_id}/devices";
    static final String TOKEN_HISTORY = "GET /v1/people/{person_id}/token-history";
    static final String UPDATE = "PUT /v1/people/{person_id}";
    static final String FORGET = "DELETE /v1/people/{person_id}";
    static final String LIVE_ACTIVITIES = "GET /v1/people/{person_id}/live-activities";

    /**
     * Lambda's entry point: the function wired from its environment, once per container, with its
     * SnapStart hooks (primed with {@code events/people-devices.json}).
     */
    public PeopleHandler() {
        this(partsFrom(new Settings(System.getenv()), Clock.systemUTC()));
        useSnapshotHooks(SnapStart.of(settings -> new PeopleHandler(partsFrom(settings, Clock.systemUTC())), "people-devices.json"));
    }

    public PeopleHandler(Parts<PersonDirectory> parts) {
        super(parts);
    }

    /** The function's parts, from the given environment variables (one function of several in a JVM, say). */
    public static Parts<PersonDirectory> partsFrom(Settings settings, Clock clock) {
        return new Parts<>(new PersonDirectory(TableWiring.from(settings).registryStore()),
                AuthorizerWiring.authorizer(settings, clock), clock, Metrics.from(settings));
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request, Grant grant) {
        String route = String.valueOf(request.getRouteKey());
        switch (route) {
            case DEVICES:
                PersonDevices person = service().devices(HttpBodies.personIdFromPath(request), clock().instant());
                Optional<String> app = HttpBodies.appFromQuery(request, grant.apps());
                return HttpResponses.ok(Views.personDevices(app.map(person::ofApp).orElse(person)));
            case LIVE_ACTIVITIES:
                return HttpResponses.ok(Views.personLiveActivities(
                        service().devices(HttpBodies.personIdFromPath(request), clock().instant()),
                        HttpBodies.appFromQuery(request, grant.apps())));
            case TOKEN_HISTORY:
                return HttpResponses.ok(Views.tokenHistory(
                        service().tokenHistory(HttpBodies.personIdFromPath(request), clock().instant())));
            case UPDATE:
                String personId = HttpBodies.personIdFromPath(request);
                boolean unsubscribed = HttpBodies.unsubscribed(HttpBodies.body(request));
                return HttpResponses.ok(Views.profile(service().setUnsubscribed(personId, unsubscribed, clock().instant())));
            case FORGET:
                service().forget(HttpBodies.personIdFromPath(request), clock().instant());
                return HttpResponses.noContent();
            default:
                throw new RegistryException(ErrorCode.NOT_FOUND, "no route " + route);
        }
    }
}
