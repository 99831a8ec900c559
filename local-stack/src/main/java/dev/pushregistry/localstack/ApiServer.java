package dev.pushregistry.localstack;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pushregistry.localstack.StackTemplate.HttpRoute;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API on this machine, as {@code sam local start-api} would serve it: each route the
 * template declares goes first to the API's Lambda authorizer, then, with the authorizer's context,
 * to its function's handler with a real API Gateway HTTP API event, and the handler's answer goes
 * back as is. {@code /_local/} goes to the {@link Sandbox}.
 */
final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final byte[] NOT_FOUND = "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INTERNAL = "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FORBIDDEN = "{\"message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes;
    private final RequestStreamHandler authorizer;
    private final Sandbox sandbox;
    private final Clock clock;

    private ApiServer(HttpServer server, ExecutorService executor, List<Route> routes,
                      RequestStreamHandler authorizer,
                      Sandbox sandbox, Clock clock) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
        this.authorizer = authorizer;
        this.sandbox = sandbox;
        this.clock = clock;
    }

    /**
     * @param authorizer the Lambda authorizer every route goes through first, or {@code null} when
     *     the template declares none
     */
    static ApiServer start(int port, List<Route> routes,
                           RequestStreamHandler authorizer,
                           Sandbox sandbox, Clock clock) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            ExecutorService executor = Executors.newFixedThreadPool(16, runnable -> {
                Thread thread = new Thread(runnable, "api");
                thread.setDaemon(true);
                return thread;
            });
            ApiServer api = new ApiServer(server, executor, List.copyOf(routes), authorizer, sandbox, clock);
            server.createContext("/", api::handle);
            server.setExecutor(executor);
            server.start();
            return api;
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, failure);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/_local") || path.startsWith("/_local/")) {
                sandbox.handle(exchange);
                return;
            }
            for (Route route : routes) {
                if (!route.route().method().equals(exchange.getRequestMethod())) {
                    continue;
                }
                Map<String, String> parameters = ApiGatewayEvents.match(route.route().path(), path);
                if (parameters != null) {
                    invoke(exchange, route, parameters);
                    return;
                }
            }
            Sandbox.send(exchange, 404, "application/json", NOT_FOUND);
        }
    }

    private void invoke(HttpExchange exchange, Route route, Map<String, String> parameters) throws IOException {
        APIGatewayV2HTTPEvent event = ApiGatewayEvents.from(exchange, route.route().routeKey(), parameters, clock.instant());
        APIGatewayV2HTTPResponse response;
        try {
            if (authorizer != null) {
                JsonNode verdict = authorize(event);
                if (!verdict.path("isAuthorized").asBoolean(false)) {
                    Sandbox.send(exchange, 403, "application/json", FORBIDDEN);
                    return;
                }
                Map<String, String> context = new LinkedHashMap<>();
                verdict.path("context").fields().forEachRemaining(entry -> context.put(entry.getKey(), entry.getValue().asText()));
                ApiGatewayEvents.authorized(event, context);
            }
            response = route.handler().handleRequest(event, null);
        } catch (RuntimeException failure) {
            LOG.error("{} threw", route.route().routeKey(), failure);
            Sandbox.send(exchange, 500, "application/json", INTERNAL);
            return;
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        }
        byte[] body = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        String contentType = exchange.getResponseHeaders().getFirst("Content-Type");
        Sandbox.send(exchange, response.getStatusCode(), contentType == null ? "application/json" : contentType, body);
    }

    /** The authorizer's response to the request, invoked as Lambda invokes it: JSON in, JSON out. */
    private JsonNode authorize(APIGatewayV2HTTPEvent event) {
        try {
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            authorizer.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(ApiGatewayEvents.authorizerEvent(event))),
                    response, null);
            return JSON.readTree(response.toByteArray());
        } catch (IOException failure) {
            throw new UncheckedIOException("the authorizer's response is not JSON", failure);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * A declared route and the handler of its function.
     *
     * @param route method and path template
     * @param handler the function's handler
     */
    record Route(HttpRoute route, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
    }
}
