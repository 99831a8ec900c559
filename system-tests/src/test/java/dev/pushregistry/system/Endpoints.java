package dev.pushregistry.system;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.functions.authorize.AuthorizeHandler;
import dev.pushregistry.functions.identify.IdentifyHandler;
import dev.pushregistry.functions.logout.LogoutHandler;
import dev.pushregistry.functions.people.PeopleHandler;
import dev.pushregistry.functions.register.RegisterHandler;
import dev.pushregistry.functions.sends.SendsHandler;
import dev.pushregistry.queue.SqsSendRequestQueue;
import dev.pushregistry.registry.LogoutPolicy;
import dev.pushregistry.sending.SendService;
import dev.pushregistry.store.DynamoDbSendStore;
import dev.pushregistry.testing.LocalSqs;
import dev.pushregistry.testing.TestRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every function's handler over one test registry, routed by the event's route key as API Gateway
 * does. By default a request arrives with the allow verdict its sample event carries; with
 * {@link #authorizedBy} it goes through the authorizer function first, as in AWS.
 */
final class Endpoints {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RegisterHandler register;
    private final IdentifyHandler identify;
    private final LogoutHandler logout;
    private final PeopleHandler people;
    private final SendsHandler sends;
    private final String sendRequestQueue = LocalSqs.server().createQueue("endpoints-send-requests");
    private AuthorizeHandler authorizer;

    Endpoints(TestRegistry registry, LogoutPolicy policy) {
        this.register = new RegisterHandler(registry.devices(policy), registry.clock());
        this.identify = new IdentifyHandler(registry.devices(policy), registry.clock());
        this.logout = new LogoutHandler(registry.devices(policy), registry.clock());
        this.people = new PeopleHandler(registry.people(), registry.clock());
        this.sends = new SendsHandler(new SendService(
                new DynamoDbSendStore(registry.client(), registry.table(), registry.store(), Duration.ofDays(14)),
                new SqsSendRequestQueue(LocalSqs.server().client(), sendRequestQueue)), registry.clock());
    }

    /** Sends every request through {@code authorizer} first, its verdict replacing the sample's. */
    Endpoints authorizedBy(AuthorizeHandler authorizer) {
        this.authorizer = authorizer;
        return this;
    }

    /** The queue {@code POST /v1/sends} puts requests on. */
    String sendRequestQueue() {
        return sendRequestQueue;
    }

    APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        if (authorizer != null) {
            event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withLambda(authorize(event)).build());
        }
        switch (event.getRouteKey()) {
            case "POST /v1/devices":
                return register.handleRequest(event, null);
            case "POST /v1/identify":
                return identify.handleRequest(event, null);
            case "POST /v1/logout":
                return logout.handleRequest(event, null);
            case "POST /v1/sends":
            case "GET /v1/sends/{request_id}":
                return sends.handleRequest(event, null);
            default:
                return people.handleRequest(event, null);
        }
    }

    /** The authorizer's context for the request, from its payload-2.0 event (route key and headers). */
    private Map<String, Object> authorize(APIGatewayV2HTTPEvent event) {
        ObjectNode request = JSON.createObjectNode();
        request.put("version", "2.0");
        request.put("type", "REQUEST");
        request.put("routeKey", event.getRouteKey());
        request.set("headers", JSON.valueToTree(event.getHeaders()));
        try {
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            authorizer.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(request)), response, null);
            Map<String, Object> context = new LinkedHashMap<>();
            JSON.readTree(response.toByteArray()).get("context").fields()
                    .forEachRemaining(entry -> context.put(entry.getKey(), entry.getValue().asText()));
            return context;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
