package dev.pushregistry.functions.sends;

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
import dev.pushregistry.json.Json;
import dev.pushregistry.queue.QueueWiring;
import dev.pushregistry.queue.SendRequests;
import dev.pushregistry.sending.SendRequest;
import dev.pushregistry.sending.SendService;
import dev.pushregistry.store.TableWiring;
import dev.pushregistry.telemetry.Metrics;
import java.time.Clock;
import java.util.UUID;

/** The backend's send endpoints: queue a send, and read where it stands. */
public final class SendsHandler extends HttpFunction {
    static final String SEND = "POST /v1/sends";
    static final String SUMMARY = "GET /v1/sends/{request_id}";

    private final SendService sends;
    private final Clock clock;

    /**
     * Wires the store, the send-request queue and the access check from the function's environment, once per container, with
     * its SnapStart hooks (primed with {@code events/sends-post.json}).
     */
    public SendsHandler() {
        this(new Settings(System.getenv()), Clock.systemUTC());
        useSnapshotHooks(SnapStart.of(settings -> new SendsHandler(settings, Clock.systemUTC()), "sends-post.json"));
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public SendsHandler(Settings settings, Clock clock) {
        this(QueueWiring.from(settings).sendService(TableWiring.from(settings).sendStore()), AuthorizerWiring.authorizer(settings, clock), clock,
                Metrics.from(settings));
    }

    /**
     * @param access who may call the function's routes
     * @param metrics where its requests are counted
     */
    public SendsHandler(SendService sends, AccessCheck access, Clock clock, Metrics metrics) {
        super(access, metrics);
        this.sends = sends;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request, Grant grant) {
        String route = String.valueOf(request.getRouteKey());
        switch (route) {
            case SEND:
                SendRequest send = SendRequests.parse(Requests.body(request), grant.apps(),
                        () -> UUID.randomUUID().toString());
                sends.accept(send, clock.instant());
                return HttpResponses.accepted(Json.object().put("request_id", send.requestId()));
            case SUMMARY:
                return HttpResponses.ok(Views.sendSummary(sends.summary(Requests.requestIdFromPath(request))));
            default:
                throw new RegistryException(ErrorCode.NOT_FOUND, "no route " + route);
        }
    }
}
