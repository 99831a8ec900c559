package dev.pushregistry.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.aws.SnapStartFunction;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.http.auth.AccessCheck;
import dev.pushregistry.http.auth.Grant;
import dev.pushregistry.logging.Invocation;
import dev.pushregistry.telemetry.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;

/**
 * An HTTP API endpoint's Lambda handler. Lambda hands it the event's bytes, read by
 * {@link HttpEvents}; every request goes through {@link HttpExchange}, which checks the request's
 * key (and identity token) before the endpoint sees it and maps what the endpoint throws to the
 * API's error responses. A function says only what it answers.
 *
 * <p>Every line logged while a request is handled carries Lambda's request id, the API's
 * ({@code request_id}) and the route ({@link Invocation}). Each answer is counted, then the
 * request's metrics written: {@code Answers} with dimensions
 * {@code Endpoint} (the route, such as {@code POST /v1/register}) and {@code Status} ({@code 2xx},
 * each 4xx code on its own, {@code 5xx}), beside what the endpoint counts itself.
 */
public abstract class HttpFunction<S> extends SnapStartFunction {
    private final S service;
    private final AccessCheck access;
    private final Clock clock;
    private final Metrics metrics;

    /** What an endpoint works with: its service, who may call it, its clock, where it counts. */
    protected HttpFunction(Parts<S> parts) {
        this.service = parts.service();
        this.access = parts.access();
        this.clock = parts.clock();
        this.metrics = parts.metrics();
    }

    @Override
    protected final void handle(InputStream input, OutputStream output, Context context) throws IOException {
        APIGatewayV2HTTPEvent event;
        try {
            event = HttpEvents.read(input);
        } catch (RegistryException notAnEvent) {
            HttpEvents.write(HttpExchange.refusal("an event that is not JSON", notAnEvent), output);
            return;
        }
        HttpEvents.write(respond(event), output);
    }

    private APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event) {
        Invocation.put("request_id", event.getRequestContext() == null ? null : event.getRequestContext().getRequestId());
        Invocation.put("route", event.getRouteKey());
        try {
            APIGatewayV2HTTPResponse response = HttpExchange.respond(event, access, this::answer);
            String endpoint = event.getRouteKey() == null || event.getRouteKey().isBlank() ? "unknown" : event.getRouteKey();
            metrics.count("Answers", 1, Metrics.dimension("Endpoint", endpoint),
                    Metrics.dimension("Status", statusClass(response.getStatusCode())));
            return response;
        } finally {
            metrics.flush();
            Invocation.remove("request_id", "route");
        }
    }

    /** The core service the endpoint answers with. */
    protected final S service() {
        return service;
    }

    /** The endpoint's clock: the time of each request. */
    protected final Clock clock() {
        return clock;
    }

    /** Where the endpoint counts what it did (written with the request's answer). */
    protected final Metrics metrics() {
        return metrics;
    }

    private static String statusClass(int status) {
        if (status >= 400 && status < 500) {
            return Integer.toString(status);
        }
        return status / 100 + "xx";
    }

    /** The answer to a request that passed the access check, with what it was granted. */
    protected abstract APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request, Grant grant);

    /**
     * An endpoint's parts.
     *
     * @param service the core service it answers with
     * @param access who may call its routes, checked on every request
     * @param clock the time of each request
     * @param metrics where each request is counted, written when it is answered
     */
    public record Parts<S>(S service, AccessCheck access, Clock clock, Metrics metrics) {
        public Parts {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(access, "access");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(metrics, "metrics");
        }
    }
}
