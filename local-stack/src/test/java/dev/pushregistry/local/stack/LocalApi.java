package dev.pushregistry.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushregistry.aws.fixtures.LocalClients;
import dev.pushregistry.store.dynamodb.fixtures.RegistryInvariants;
import dev.pushregistry.testing.SampleEvents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A local stack of its own for one test class, called over HTTP as an app and a backend call it: the
 * app key on the app routes, the server key on the others. Closing it checks that the table's items
 * agree with each other and that no function made a call its role does not allow.
 */
final class LocalApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Set<String> APP_PATHS = Set.of("/v1/devices", "/v1/identify", "/v1/logout",
            "/v1/live-activities", "/v1/live-activities/end");

    private final LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final DynamoDbClient admin;
    private final JsonNode info;

    private LocalApi(LocalStack stack) throws Exception {
        this.stack = stack;
        this.info = JSON.readTree(call("GET", "/_local/info", null).body());
        this.admin = LocalClients.build(DynamoDbClient.builder(), URI.create(info.get("dynamodb").asText()));
    }

    static LocalApi start() throws Exception {
        return new LocalApi(LocalStack.start(StackSettings.ephemeral(SampleEvents.projectRoot())));
    }

    /** What {@code /_local/info} says: every URL and queue, the table, the apps. */
    JsonNode info() {
        return info;
    }

    /** The default app's id. */
    String defaultApp() {
        return info.get("apps").get(0).get("app_id").asText();
    }

    HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, path, body, !APP_PATHS.contains(path));
    }

    /** A call with the server key ({@code serverKey}) or the app key, whatever the route. */
    HttpResponse<String> call(String method, String path, String body, boolean serverKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (path.startsWith("/v1/")) {
            if (serverKey) {
                request.header("Authorization", "Bearer " + StackSettings.LOCAL_SERVER_KEY);
            } else {
                request.header("X-Api-Key", StackSettings.LOCAL_APP_KEY);
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's JSON, once it is {@code status} (null for an empty body). */
    JsonNode expect(int status, String method, String path, String body) throws Exception {
        HttpResponse<String> response = call(method, path, body);
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    JsonNode get(String path) throws Exception {
        return expect(200, "GET", path, null);
    }

    /** Asks again until {@code done} holds (the queues work in the background), or fails after a while. */
    JsonNode until(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = call("GET", path, null);
            last = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            if (last != null && done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("still not there after " + PATIENCE + ": " + path + " = " + last);
    }

    @Override
    public void close() {
        try {
            RegistryInvariants.assertHold(admin, info.get("table").asText(), defaultApp(), Instant.now());
            assertEquals(List.of(), stack.refusals(), "calls of the functions that their roles do not allow");
        } finally {
            admin.close();
            stack.close();
        }
    }
}
