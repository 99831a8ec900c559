package dev.pushregistry.local.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EventBridge on this machine: an HTTP endpoint that answers {@code PutEvents} as EventBridge's
 * JSON API does, so that the events function's real EventBridge client publishes to it (with
 * {@code AWS_ENDPOINT_URL_EVENTBRIDGE}); it keeps every event it took, and may refuse the next
 * events it is given ({@link #refuseNext}) the way EventBridge refuses an entry. With a webhook URL
 * it POSTs each event's JSON (its {@code Detail}) there, as the template's API destination does,
 * retrying a failed call a few times.
 */
public final class LocalEventBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEventBus.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET = "AWSEvents.PutEvents";
    private static final int WEBHOOK_ATTEMPTS = 5;

    private final Clock clock;
    private final Optional<URI> webhook;
    private final List<PublishedEvent> events = new ArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private final ExecutorService webhookCalls = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "local-event-webhook");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HttpServer server;

    private LocalEventBus(Clock clock, Optional<URI> webhook) {
        this.clock = clock;
        this.webhook = webhook;
    }

    /**
     * Starts on {@code port} (0: any free port).
     *
     * @param webhook where to POST each event, if anywhere
     */
    public static LocalEventBus start(int port, Clock clock, Optional<URI> webhook) {
        LocalEventBus bus = new LocalEventBus(Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(webhook, "webhook"));
        try {
            bus.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException failure) {
            throw new IllegalStateException("the local event bus could not listen on port " + port, failure);
        }
        bus.server.createContext("/", bus::handle);
        bus.server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "local-event-bus");
            thread.setDaemon(true);
            return thread;
        }));
        bus.server.start();
        return bus;
    }

    /** Where EventBridge's client reaches it ({@code AWS_ENDPOINT_URL_EVENTBRIDGE}). */
    public String endpointUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The webhook events are POSTed to, if any. */
    public Optional<URI> webhook() {
        return webhook;
    }

    /** Refuses the next {@code count} events put, each as EventBridge refuses an entry ({@code InternalFailure}). */
    public void refuseNext(int count) {
        refusals.set(count);
    }

    /**
     * The events taken, newest first: all of them, or those whose detail names {@code token} and
     * {@code personId} (either may be {@code null}: any).
     */
    public List<PublishedEvent> events(String token, String personId) {
        List<PublishedEvent> found = new ArrayList<>();
        synchronized (events) {
            for (int index = events.size() - 1; index >= 0; index--) {
                PublishedEvent event = events.get(index);
                if ((token == null || token.equals(event.detail().path("token").asText(null)))
                        && (personId == null || personId.equals(event.detail().path("person_id").asText(null))
                                || personId.equals(event.detail().path("from").asText(null)))) {
                    found.add(event);
                }
            }
        }
        return found;
    }

    /** Forgets every event taken. */
    public void clear() {
        synchronized (events) {
            events.clear();
        }
        refusals.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())
                    || !TARGET.equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"))) {
                answer(exchange, 400, error("UnknownOperationException", "the local event bus answers PutEvents only"));
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            ObjectNode response = JSON.createObjectNode();
            ArrayNode results = response.putArray("Entries");
            int failed = 0;
            for (JsonNode entry : request.path("Entries")) {
                if (refusals.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    failed++;
                    results.addObject().put("ErrorCode", "InternalFailure")
                            .put("ErrorMessage", "refused as the sandbox was told to");
                    continue;
                }
                PublishedEvent event = new PublishedEvent(UUID.randomUUID().toString(), clock.instant(),
                        entry.path("EventBusName").asText(), entry.path("Source").asText(),
                        entry.path("DetailType").asText(), JSON.readTree(entry.path("Detail").asText()));
                synchronized (events) {
                    events.add(event);
                }
                results.addObject().put("EventId", event.eventId());
                webhook.ifPresent(url -> webhookCalls.submit(() -> deliver(url, event)));
            }
            response.put("FailedEntryCount", failed);
            answer(exchange, 200, response);
        }
    }

    /** POSTs the event's JSON to the webhook, trying again after a pause when the call fails. */
    private void deliver(URI url, PublishedEvent event) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event.detail().toString())).build();
        for (int attempt = 1; attempt <= WEBHOOK_ATTEMPTS; attempt++) {
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status < 300) {
                    return;
                }
                LOG.warn("the webhook answered {} to a {} event (attempt {})", status, event.detailType(), attempt);
            } catch (IOException failure) {
                LOG.warn("the webhook could not be called for a {} event (attempt {}): {}", event.detailType(), attempt,
                        failure.toString());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(200L << attempt);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static ObjectNode error(String type, String message) {
        return JSON.createObjectNode().put("__type", type).put("message", message);
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        webhookCalls.shutdownNow();
    }

    /**
     * An event the bus took.
     *
     * @param eventId the id the bus gave it (EventBridge's own; the event's id is in its detail)
     * @param receivedAt when
     * @param detail the event's JSON
     */
    public record PublishedEvent(String eventId, Instant receivedAt, String busName, String source, String detailType,
                                 JsonNode detail) {
    }
}
