package dev.pushregistry.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.auth.AccessCheck;
import dev.pushregistry.auth.Grant;
import dev.pushregistry.aws.SnapStartFunction;
import dev.pushregistry.error.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * An HTTP API endpoint's Lambda handler. Lambda hands it the event's bytes, read by
 * {@link HttpEvents}; every request goes through {@link HttpExchange}, which checks the request's
 * key (and identity token) before the endpoint sees it and maps what the endpoint throws to the
 * API's error responses. A function says only what it answers.
 */
public abstract class HttpFunction extends SnapStartFunction {
    private final AccessCheck access;

    /** @param access who may call the function's routes, checked on every request */
    protected HttpFunction(AccessCheck access) {
        this.access = Objects.requireNonNull(access, "access");
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output,
                                    Context context) throws IOException {
        APIGatewayV2HTTPEvent event;
        try {
            event = HttpEvents.read(input);
        } catch (RegistryException notAnEvent) {
            HttpEvents.write(HttpExchange.refusal("an event that is not JSON", notAnEvent), output);
            return;
        }
        HttpEvents.write(handle(event), output);
    }

    /** The answer to one request, as {@link #handleRequest} gives it back to Lambda. */
    public final APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return HttpExchange.respond(event, access, this::answer);
    }

    /** The answer to a request that passed the access check, with what it was granted. */
    protected abstract APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request, Grant grant);
}
