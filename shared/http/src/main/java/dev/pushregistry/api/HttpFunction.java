package dev.pushregistry.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.auth.AccessCheck;
import dev.pushregistry.auth.Grant;
import dev.pushregistry.aws.SnapStartFunction;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.logging.Invocation;
import dev.pushregistry.telemetry.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
public abstract class HttpFunction extends SnapStartFunction {
    private final AccessCheck access;
    private final Metrics metrics;

    /**
     * @param access who may call the function's routes, checked on every request
     * @param metrics where each request is counted, written when it is answered
     */
    protected HttpFunction(AccessCheck access, Metrics metrics) {
        this.access = Objects.requireNonNull(access, "access");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output,
                                    Context context) throws IOException {
        Invocation.begin(context == null ? null : context.getAwsRequestId(),
                context == null ? null : context.getFunctionName());
        try {
            APIGatewayV2HTTPEvent event;
            try {
                event = HttpEvents.read(input);
            } catch (RegistryException notAnEvent) {
                HttpEvents.write(HttpExchange.refusal("an event that is not JSON", notAnEvent), output);
                return;
            }
            HttpEvents.write(handle(event), output);
        } finally {
            Invocation.end();
        }
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
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
}
