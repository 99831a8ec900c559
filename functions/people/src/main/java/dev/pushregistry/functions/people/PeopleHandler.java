package dev.pushregistry.functions.people;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.api.HttpFunction;
import dev.pushregistry.api.HttpResponses;
import dev.pushregistry.api.Requests;
import dev.pushregistry.api.Views;
import dev.pushregistry.auth.AccessCheck;
import dev.pushregistry.auth.Grant;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.error.ErrorCode;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.person.PersonDevices;
import dev.pushregistry.registry.PersonDirectory;
import dev.pushregistry.store.TableWiring;
import dev.pushregistry.telemetry.Metrics;
import java.time.Clock;
import java.util.Optional;

/**
 * The backend's people endpoints: a person's devices (of every app, or of the one {@code ?app_id=}
 * names), their token history, their subscription flag, and forgetting them.
 */
public final class PeopleHandler extends HttpFunction {
    static final String DEVICES = "GET /v1/people/{person_id}/devices";
    static final String TOKEN_HISTORY = "GET /v1/people/{person_id}/token-history";
    static final String UPDATE = "PUT /v1/people/{person_id}";
    static final String FORGET = "DELETE /v1/people/{person_id}";

    private final PersonDirectory people;
    private final Clock clock;

    /**
     * Wires the directory and the access check from the function's environment, once per container, with
     * its SnapStart hooks (primed with {@code events/people-devices.json}).
     */
    public PeopleHandler() {
        this(new Settings(System.getenv()), Clock.systemUTC());
        useSnapshotHooks(SnapStart.of(settings -> new PeopleHandler(settings, Clock.systemUTC()), "people-devices.json"));
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public PeopleHandler(Settings settings, Clock clock) {
        this(TableWiring.from(settings).personDirectory(), AuthorizerWiring.authorizer(settings, clock), clock,
                Metrics.from(settings));
    }

    /**
     * @param access who may call the function's routes
     * @param metrics where its requests are counted
     */
    public PeopleHandler(PersonDirectory people, AccessCheck access, Clock clock, Metrics metrics) {
        super(access, metrics);
        this.people = people;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request, Grant grant) {
        String route = String.valueOf(request.getRouteKey());
        switch (route) {
            case DEVICES:
                PersonDevices person = people.devices(Requests.personIdFromPath(request), clock.instant());
                Optional<String> app = Requests.appFromQuery(request, grant.apps());
                return HttpResponses.ok(Views.personDevices(app.map(person::ofApp).orElse(person)));
            case TOKEN_HISTORY:
                return HttpResponses.ok(Views.tokenHistory(
                        people.tokenHistory(Requests.personIdFromPath(request), clock.instant())));
            case UPDATE:
                String personId = Requests.personIdFromPath(request);
                boolean unsubscribed = Requests.unsubscribed(Requests.body(request));
                return HttpResponses.ok(Views.profile(people.setUnsubscribed(personId, unsubscribed, clock.instant())));
            case FORGET:
                people.forget(Requests.personIdFromPath(request), clock.instant());
                return HttpResponses.noContent();
            default:
                throw new RegistryException(ErrorCode.NOT_FOUND, "no route " + route);
        }
    }
}
