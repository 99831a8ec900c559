package dev.pushregistry.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.auth.Grant;

/**
 * An HTTP API endpoint's Lambda handler: every request goes through {@link HttpExchange}, which
 * enforces the authorizer's verdict before the endpoint sees the request and maps what the
 * endpoint throws to the API's error responses. A function says only what it answers.
 */
public abstract class HttpFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpExchange.respond(event, this::answer);
    }

    /** The answer to a request the authorizer allowed, with what it granted. */
    protected abstract APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request, Grant grant);
}
