package dev.pushregistry.local.stack;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pushregistry.aws.LocalContext;
import dev.pushregistry.local.services.lambda.HttpApiEvents;
import dev.pushregistry.local.services.lambda.HttpApiRequest;
import dev.pushregistry.local.stack.StackTemplate.HttpRoute;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API on this machine, as {@code sam local start-api} would serve it: each route the
 * template declares goes to its function's handler, invoked as Lambda invokes it (an API Gateway
 * HTTP API event as JSON in, the answer as JSON out), and the handler's answer goes back as is.
 * {@code /_local/} goes to the {@link Sandbox}.
 */
final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final byte[] NOT_FOUND = "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INTERNAL = "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes;
    private final Sandbox sandbox;
    private final Clock clock;

    private ApiServer(HttpServer server, ExecutorService executor, List<Route> routes, Sandbox sandbox, Clock clock) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
        this.sandbox = sandbox;
        this.clock = clock;
    }

    static ApiServer start(int port, List<Route> routes, Sandbox sandbox, Clock clock) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            ExecutorService executor = Executors.newFixedThreadPool(16, runnable -> {
                Thread thread = new Thread(runnable, "api");
                thread.setDaemon(true);
                return thread;
            });
            ApiServer api = new ApiServer(server, executor, List.copyOf(routes), sandbox, clock);
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
                Map<String, String> parameters = match(route.route().path(), path);
                if (parameters != null) {
                    invoke(exchange, route, parameters);
                    return;
                }
            }
            Sandbox.send(exchange, 404, "application/json", NOT_FOUND);
        }
    }

    private void invoke(HttpExchange exchange, Route route, Map<String, String> parameters) throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> values.forEach(value -> headers.add(Map.entry(name, value))));
        HttpApiRequest request = new HttpApiRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, exchange.getRequestBody().readAllBytes(),
                exchange.getRemoteAddress().getAddress().getHostAddress(), exchange.getProtocol());
        APIGatewayV2HTTPEvent event = HttpApiEvents.event(request, route.route().routeKey(), parameters, clock.instant());
        APIGatewayV2HTTPResponse response;
        try {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            route.handler().handleRequest(new ByteArrayInputStream(HttpApiEvents.json(event)), output,
                    LocalContext.of(route.function(), route.timeout()));
            response = HttpApiEvents.answer(output.toByteArray());
        } catch (RuntimeException | IOException failure) {
            LOG.error("{} threw", route.route().routeKey(), failure);
            Sandbox.send(exchange, 500, "application/json", INTERNAL);
            return;
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        }
        String contentType = exchange.getResponseHeaders().getFirst("Content-Type");
        Sandbox.send(exchange, response.getStatusCode(), contentType == null ? "application/json" : contentType,
                HttpApiEvents.body(response));
    }

    /**
     * The path parameters of {@code path} if it matches {@code template} (such as
     * /v1/people/{person_id}), decoded; {@code null} when it does not match.
     */
    static Map<String, String> match(String template, String path) {
        List<String> expected = List.of(template.split("/", -1));
        List<String> actual = List.of(path.split("/", -1));
        if (expected.size() != actual.size()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int index = 0; index < expected.size(); index++) {
            String segment = expected.get(index);
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (actual.get(index).isEmpty()) {
                    return null;
                }
                parameters.put(segment.substring(1, segment.length() - 1), HttpApiEvents.decode(actual.get(index)));
            } else if (!segment.equals(actual.get(index))) {
                return null;
            }
        }
        return parameters;
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
     * @param timeout how long one invocation of the function may run
     * @param handler the function's handler
     */
    record Route(HttpRoute route, String function, Duration timeout, RequestStreamHandler handler) {
    }
}
