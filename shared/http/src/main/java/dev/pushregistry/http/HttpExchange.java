package dev.pushregistry.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.http.auth.AccessCheck;
import dev.pushregistry.http.auth.Grant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a handler's work on a request and maps the outcome to a response. The request's key (and,
 * where it applies, identity token) is checked first ({@link AccessCheck}), so a refused request is
 * answered before its body is read; then a {@link RegistryException} becomes its 4xx, a throttled
 * table a 429, and anything else a bare 500 that is logged in full. Each request is one line: INFO
 * for an answer or a refusal, WARN for a throttle, ERROR for a failure, with its {@code status}
 * (and a refusal's {@code code}).
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
            APIGatewayV2HTTPResponse answer = endpoint.answer(event, grant);
            LOG.atInfo().addKeyValue("status", answer.getStatusCode())
                    .log("{} answered {}", event.getRouteKey(), answer.getStatusCode());
            return answer;
        } catch (RegistryException refused) {
            return refusal(event.getRouteKey(), refused);
        } catch (TransientFailure.Throttled throttled) {
            LOG.atWarn().addKeyValue("status", 429).log("{} answered 429: the table throttled", event.getRouteKey());
            return HttpResponses.rateLimited(throttled);
        } catch (RuntimeException failure) {
            LOG.atError().addKeyValue("status", 500).setCause(failure).log("{} failed", event.getRouteKey());
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
            LOG.atError().addKeyValue("status", 500).log("{} failed: {}", routeKey, refused.getMessage());
            return HttpResponses.internalError();
        }
        LOG.atInfo().addKeyValue("status", HttpResponses.status(refused.code())).addKeyValue("code", refused.code().wire())
                .log("{} answered {} {}", routeKey, HttpResponses.status(refused.code()), refused.code().wire());
        return HttpResponses.error(refused);
    }
}
