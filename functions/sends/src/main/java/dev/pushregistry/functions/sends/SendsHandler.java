package dev.pushregistry.functions.sends;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.sending.SendRequest;
import dev.pushregistry.core.sending.SendService;
import dev.pushregistry.http.HttpBodies;
import dev.pushregistry.http.HttpFunction;
import dev.pushregistry.http.HttpResponses;
import dev.pushregistry.http.Views;
import dev.pushregistry.http.auth.Grant;
import dev.pushregistry.json.Json;
import dev.pushregistry.messages.SendRequestFormat;
import dev.pushregistry.queue.sqs.QueueWiring;
import dev.pushregistry.store.dynamodb.TableWiring;
import dev.pushregistry.telemetry.Metrics;
import java.time.Clock;
import java.util.UUID;

/** The backend's send endpoints: queue a send, and read where it stands. */
public final class SendsHandler extends HttpFunction<SendService> {
    static final String SEND = "POST /v1/sends";
    static final String SUMMARY = "GET /v1/sends/{request_id}";


    /**
     * Lambda's entry point: the function wired from its environment, once per container, with its
     * SnapStart hooks (primed with {@code events/sends-post.json}).
     */
    public SendsHandler() {
        this(partsFrom(new Settings(System.getenv()), Clock.systemUTC()));
        useSnapshotHooks(SnapStart.of(settings -> new SendsHandler(partsFrom(settings, Clock.systemUTC())), "sends-post.json"));
    }

    public SendsHandler(Parts<SendService> parts) {
        super(parts);
    }

    /** The function's parts, from the given environment variables (one function of several in a JVM, say). */
    public static Parts<SendService> partsFrom(Settings settings, Clock clock) {
        return new Parts<>(new SendService(TableWiring.from(settings).sendStore(),
                        QueueWiring.from(settings).sendRequestQueue()),
                AuthorizerWiring.authorizer(settings, clock), clock, Metrics.from(settings));
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request, Grant grant) {
        String route = String.valueOf(request.getRouteKey());
        switch (route) {
            case SEND:
                SendRequest send = SendRequestFormat.parse(HttpBodies.body(request), grant.apps(),
                        () -> UUID.randomUUID().toString());
                service().accept(send, clock().instant());
                return HttpResponses.accepted(Json.object().put("request_id", send.requestId()));
            case SUMMARY:
                return HttpResponses.ok(Views.sendSummary(service().summary(HttpBodies.requestIdFromPath(request))));
            default:
                throw new RegistryException(ErrorCode.NOT_FOUND, "no route " + route);
        }
    }
}
