package dev.pushregistry.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.auth.AccessCheck;
import dev.pushregistry.auth.Grant;
import dev.pushregistry.error.ErrorCode;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.error.TransientFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a handler's work on a request and maps the outcome to a response. The request's key (and,
 * where it applies, identity token) is checked first ({@link AccessCheck}), so a refused request is
 * answered before its body is read; then a {@link RegistryException} becomes its 4xx, a throttled
 * table a 429, and anything else a bare 500 that is logged in full.
 */
public final class HttpExchange {
    private static final Logger LOG = LoggerFactory.getLogger(HttpExchange.class);

    private HttpExchange() {
    }

    /** An endpoint's work on an authorized request. */
    @FunctionalInterface
    public interface Endpoint {
        APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request, Grant grant);
    }

    public static APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event, AccessCheck access, Endpoint endpoint) {
        try {
            Grant grant = access.authorize(event.getRouteKey(), event.getHeaders());
            return endpoint.answer(event, grant);
        } catch (RegistryException refused) {
            return refusal(event.getRouteKey(), refused);
        } catch (TransientFailure.Throttled throttled) {
            LOG.warn("{} answered 429: the table throttled", event.getRouteKey());
            return HttpResponses.rateLimited(throttled);
        } catch (RuntimeException failure) {
            LOG.error("{} failed", event.getRouteKey(), failure);
            return HttpResponses.internalError();
        }
    }

    /**
     * The answer to a request refused before or by its endpoint.
     *
     * @param routeKey the request's route, or what stands for it in the log
     */
    static APIGatewayV2HTTPResponse refusal(String routeKey, RegistryException refused) {
        if (refused.code() == ErrorCode.INTERNAL) {
            LOG.error("{} failed: {}", routeKey, refused.getMessage());
            return HttpResponses.internalError();
        }
        LOG.info("{} answered {} {}", routeKey, HttpResponses.status(refused.code()), refused.code().wire());
        return HttpResponses.error(refused);
    }
}
