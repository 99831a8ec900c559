package dev.pushregistry.tools.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code tools/smoke/smoke --url … --app-key … --server-key …}: checks that a deployed stack works
 * end to end, over its HTTP API, without pushing to a phone. It registers a made-up APNs token,
 * identifies a new person with it, reads the person's devices, sends to another new person (who
 * has no device, so nothing is pushed) until the send is {@code done}, forgets the first person
 * (which removes the device, whatever the logout policy), logs out (nothing left to do), and checks
 * the refusals: no key, a wrong key, the app key on a backend route. It works in the app key's app
 * and leaves nothing behind but the send's record (kept {@code SendRetentionDays}). One line per step; exit status 0 when every step passed, 1 otherwise,
 * 2 for wrong arguments.
 */
@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = "Checks a deployed Push Registry end to end without pushing to a phone.")
public final class SmokeTool implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--url", required = true, description = "the API's URL (the stack's ApiUrl output)")
    URI url;

    @Option(names = "--app-key", defaultValue = "${env:PUSH_REGISTRY_APP_KEY}", description = "an app key (default: $PUSH_REGISTRY_APP_KEY)")
    String appKey;

    @Option(names = "--server-key", defaultValue = "${env:PUSH_REGISTRY_SERVER_KEY}",
            description = "a server key (default: $PUSH_REGISTRY_SERVER_KEY)")
    String serverKey;

    @Option(names = "--person", description = "the person to identify (default: a new smoke-… id); with identity"
            + " verification on, the subject of --identity-token")
    String person;

    @Option(names = "--identity-token", description = "an identity token for --person (identity verification on)")
    String identityToken;

    @Option(names = "--timeout", defaultValue = "PT60S", description = "how long the send may take to finish (default: 60 s)")
    Duration timeout;

    private final HttpClient http;
    private final PrintStream out;
    private int failed;

    public SmokeTool() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), System.out);
    }

    SmokeTool(HttpClient http, PrintStream out) {
        this.http = http;
        this.out = out;
    }

    public static void main(String[] arguments) {
        System.exit(new CommandLine(new SmokeTool()).execute(arguments));
    }

    /** A step's failure: what it expected and what it got. */
    private static final class StepFailed extends Exception {
        StepFailed(String message) {
            super(message);
        }
    }

    private interface Step {
        String run() throws StepFailed, IOException, InterruptedException;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (appKey == null || appKey.isBlank() || serverKey == null || serverKey.isBlank()) {
            System.err.println("smoke: --app-key and --server-key are required (or PUSH_REGISTRY_APP_KEY and"
                    + " PUSH_REGISTRY_SERVER_KEY)");
            return 2;
        }
        if (identityToken != null && person == null) {
            System.err.println("smoke: --identity-token needs --person, the token's subject");
            return 2;
        }
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        String owner = person != null ? person : "smoke-" + UUID.randomUUID();
        String nobody = "smoke-nobody-" + UUID.randomUUID();
        out.println("checking " + url + " (person " + owner + ", token …" + token.substring(token.length() - 6) + ")");

        step("no key is refused", () -> refused(call("POST", "/v1/devices", Map.of(), device(token)), 401));
        step("a wrong key is refused", () -> refused(call("POST", "/v1/devices",
                Map.of("X-Api-Key", "pr_app_wrong-" + UUID.randomUUID()), device(token)), 401));
        step("the app key is refused on backend routes", () -> refused(call("GET", people(owner) + "/devices",
                appHeaders(), null), 403));
        step("register", () -> {
            JsonNode view = expect(call("POST", "/v1/devices", appHeaders(), device(token)), 200);
            if (!token.equals(view.path("token").asText()) || view.has("person_id")) {
                throw new StepFailed("the answer should be the device without its owner: " + view);
            }
            return "the device is registered";
        });
        step("identify", () -> {
            Map<String, String> headers = new LinkedHashMap<>(appHeaders());
            if (identityToken != null) {
                headers.put("X-Identity-Token", identityToken);
            }
            HttpResponse<String> answer = call("POST", "/v1/identify", headers, identify(owner, token));
            if (answer.statusCode() == 401 && identityToken == null) {
                throw new StepFailed("401: identity verification is on; pass --person and --identity-token");
            }
            JsonNode view = expect(answer, 200);
            if (!owner.equals(view.path("person_id").asText())) {
                throw new StepFailed("the device should belong to " + owner + ": " + view);
            }
            return "the device belongs to the person";
        });
        step("the person's devices", () -> {
            JsonNode devices = expect(call("GET", people(owner) + "/devices", serverHeaders(), null), 200);
            for (JsonNode device : devices.path("devices")) {
                if (token.equals(device.path("token").asText())) {
                    return devices.path("devices").size() + " device(s)";
                }
            }
            throw new StepFailed("the registered token is not among them: " + devices);
        });
        step("a send to a person without devices finishes", () -> {
            ObjectNode send = JSON.createObjectNode().put("person_id", nobody);
            send.putObject("message").put("title", "Push Registry smoke check").put("body", "not delivered to anyone");
            String requestId = expect(call("POST", "/v1/sends", serverHeaders(), send), 202).path("request_id").asText();
            long deadline = System.nanoTime() + timeout.toNanos();
            JsonNode summary;
            do {
                summary = expect(call("GET", "/v1/sends/" + encode(requestId), serverHeaders(), null), 200);
                if ("done".equals(summary.path("state").asText())) {
                    if (summary.path("counts").path("targeted").asInt(-1) != 0) {
                        throw new StepFailed("nobody should have been targeted: " + summary);
                    }
                    return "request " + requestId + " done";
                }
                Thread.sleep(500);
            } while (System.nanoTime() < deadline);
            throw new StepFailed("still " + summary.path("state").asText() + " after " + timeout.toSeconds()
                    + " s: is dispatch running? " + summary);
        });
        step("forget", () -> {
            expect(call("DELETE", people(owner), serverHeaders(), null), 204);
            expect(call("GET", people(owner) + "/devices", serverHeaders(), null), 404);
            return "the person and the device are gone";
        });
        step("logout", () -> {
            expect(call("POST", "/v1/logout", appHeaders(), identify(owner, token)), 204);
            return "nothing left to log out";
        });
        out.println(failed == 0 ? "all checks passed" : failed + " check(s) failed");
        return failed == 0 ? 0 : 1;
    }

    private void step(String name, Step step) throws InterruptedException {
        long started = System.nanoTime();
        try {
            String detail = step.run();
            out.printf("ok    %s (%d ms)%s%n", name, (System.nanoTime() - started) / 1_000_000,
                    detail == null ? "" : ": " + detail);
        } catch (StepFailed | IOException failure) {
            failed++;
            out.printf("FAIL  %s: %s%n", name, failure.getMessage());
        }
    }

    private String refused(HttpResponse<String> answer, int status) throws StepFailed, IOException {
        return expect(answer, status).path("error").path("code").asText();
    }

    private JsonNode expect(HttpResponse<String> answer, int status) throws StepFailed, IOException {
        if (answer.statusCode() != status) {
            throw new StepFailed("expected " + status + ", got " + answer.statusCode() + " " + answer.body());
        }
        return answer.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(answer.body());
    }

    private HttpResponse<String> call(String method, String path, Map<String, String> headers, JsonNode body)
            throws IOException, InterruptedException {
        String target = url.toString().replaceAll("/+$", "") + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ObjectNode device(String token) {
        return JSON.createObjectNode().put("token", token).put("platform", "ios").put("push_enabled", true);
    }

    private static ObjectNode identify(String owner, String token) {
        return JSON.createObjectNode().put("person_id", owner).put("token", token).put("platform", "ios");
    }

    private Map<String, String> appHeaders() {
        return Map.of("X-Api-Key", appKey);
    }

    private Map<String, String> serverHeaders() {
        return Map.of("Authorization", "Bearer " + serverKey);
    }

    private static String people(String person) {
        return "/v1/people/" + encode(person);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
