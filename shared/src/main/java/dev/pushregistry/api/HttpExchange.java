package dev.pushregistry.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.error.RegistryException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a handler's work on a request and maps the outcome to a response: a {@link RegistryException}
 * to its 4xx (or 429), anything else to a bare 500 that is logged in full.
 */
public final class HttpExchange {
    private static final Logger LOG = LoggerFactory.getLogger(HttpExchange.class);

    private HttpExchange() {
    }

    public static APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event,
                                                   Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> work) {
        try {
            return work.apply(event);
        } catch (RegistryException refused) {
            LOG.info("{} answered {} {}", event.getRouteKey(), refused.code().httpStatus(), refused.code().wire());
            return HttpResponses.error(refused);
        } catch (RuntimeException failure) {
            LOG.error("{} failed", event.getRouteKey(), failure);
            return HttpResponses.internalError();
        }
    }
}
