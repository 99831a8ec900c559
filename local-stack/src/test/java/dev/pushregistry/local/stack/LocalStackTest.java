package dev.pushregistry.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.testing.SampleEvents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The local stack started in this JVM and driven from outside, over HTTP and SQS, the way the
 * README's walkthrough does it: app endpoints with the local app key, backend ones with the local
 * server key.
 */
class LocalStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Set<String> APP_PATHS = Set.of("/v1/devices", "/v1/identify", "/v1/logout");
    private static final int RACE_ROUNDS = 50;

    private static LocalStack stack;
    private static HttpClient http;
    private static SqsClient sqs;
    private static JsonNode info;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(StackSettings.ephemeral(SampleEvents.projectRoot()));
        http = HttpClient.newHttpClient();
        info = get("/_local/info");
        sqs = SqsClient.builder()
                .endpointOverride(URI.create(info.get("sqs").asText()))
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @AfterAll
    static void stop() {
        try {
            sqs.close();
            assertEquals(List.of(), stack.refusals(), "calls of the functions that their roles do not allow");
        } finally {
            stack.close();
        }
    }

    private static HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
    }

    /** A request to the local API with the key its route wants. */
    private static HttpRequest request(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(info == null
                ? stack.apiUrl() + path : info.get("api").asText() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (APP_PATHS.contains(path)) {
            request.header("X-Api-Key", StackSettings.LOCAL_APP_KEY);
        } else if (path.startsWith("/v1/")) {
            request.header("Authorization", "Bearer " + StackSettings.LOCAL_SERVER_KEY);
        }
        return request.build();
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = call("GET", path, null);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode post(String path, String body, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = call("POST", path, body);
        assertEquals(status, response.statusCode(), path + ": " + response.body());
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    /** Asks again until {@code done} holds (the queues work in the background), or fails after a while. */
    private static JsonNode until(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("still not there after " + PATIENCE + ": " + path + " = " + last);
    }

    /** @return the message id {@code SendMessage} answered */
    private static String queueSendRequest(String body) {
        return sqs.sendMessage(send -> send.queueUrl(info.at("/queues/send_requests").asText()).messageBody(body))
                .messageId();
    }

    /** Like {@link #until}, for a resource that answers 404 until it exists. */
    private static JsonNode untilFound(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = call("GET", path, null);
            if (last.statusCode() == 200 && done.test(JSON.readTree(last.body()))) {
                return JSON.readTree(last.body());
            }
            assertTrue(last.statusCode() == 200 || last.statusCode() == 404, path + ": " + last.body());
            Thread.sleep(200);
        }
        throw new AssertionError("still not there after " + PATIENCE + ": " + path + " = " + last.body());
    }

    @Test
    void theReadmeWalkthroughWorksOverHttpAndSqs() throws Exception {
        String token = Tokens.apns();
        post("/v1/devices", "{\"token\":\"" + token + "\",\"platform\":\"ios\"}", 200);
        JsonNode identified = post("/v1/identify", "{\"person_id\":\"walk-1\",\"token\":\"" + token + "\"}", 200);
        assertEquals("walk-1", identified.get("person_id").asText());

        queueSendRequest("{\"request_id\":\"walk-hello\",\"person_id\":\"walk-1\",\"message\":{\"title\":\"Hello\"}}");

        JsonNode pushes = until("/_local/pushes?token=" + token, inbox -> inbox.get("pushes").size() == 1);
        assertEquals("Hello", pushes.at("/pushes/0/payload/aps/alert/title").asText());
        assertEquals("apns", pushes.at("/pushes/0/provider").asText());
        until("/v1/people/walk-1/devices", person -> person.at("/devices/0/_last_status").asText().equals("sent"));
        until("/v1/sends/walk-hello", summary -> summary.get("state").asText().equals("done"));

        post("/_local/verdicts", "{\"token\":\"" + token + "\",\"verdict\":\"unregistered\"}", 200);
        queueSendRequest("{\"request_id\":\"walk-gone\",\"person_id\":\"walk-1\",\"message\":{\"title\":\"Still there?\"}}");

        until("/v1/people/walk-1/devices", person -> person.get("devices").isEmpty());
        JsonNode history = get("/v1/people/walk-1/token-history");
        assertEquals("deleted_unregistered", history.at("/events/0/type").asText());
        assertEquals(1, get("/v1/sends/walk-gone").at("/counts/deleted").asInt());
    }

    @RepeatedTest(RACE_ROUNDS)
    void aForgetRacingAMoveAwayLeavesNothingOfThePersonOverHttp(RepetitionInfo round) throws Exception {
        String ann = "race-ann-" + round.getCurrentRepetition();
        String bob = "race-bob-" + round.getCurrentRepetition();
        String token = Tokens.apns();
        post("/v1/identify", identifyBody(ann, token), 200);

        List<HttpResponse<String>> answers = atOnce(request("DELETE", "/v1/people/" + ann, null),
                request("POST", "/v1/identify", identifyBody(bob, token)));

        assertEquals(204, answers.get(0).statusCode());
        assertEquals(200, answers.get(1).statusCode(), answers.get(1).body());
        assertEquals(404, call("GET", "/v1/people/" + ann + "/devices", null).statusCode());
        assertEquals(404, call("GET", "/v1/people/" + ann + "/token-history", null).statusCode());
        assertEquals(token, get("/v1/people/" + bob + "/devices").at("/devices/0/token").asText());
    }

    @RepeatedTest(RACE_ROUNDS)
    void aForgetRacingAnIdentifyOfTheSamePersonLeavesThemWhollyGoneOrWhollyThereOverHttp(RepetitionInfo round)
            throws Exception {
        String amy = "race-amy-" + round.getCurrentRepetition();
        String second = Tokens.apns();
        post("/v1/identify", identifyBody(amy, Tokens.apns()), 200);

        List<HttpResponse<String>> answers = atOnce(request("DELETE", "/v1/people/" + amy, null),
                request("POST", "/v1/identify", identifyBody(amy, second)));

        assertEquals(204, answers.get(0).statusCode());
        assertEquals(200, answers.get(1).statusCode(), answers.get(1).body());
        boolean after = call("GET", "/v1/people/" + amy + "/devices", null).statusCode() == 200;
        post("/v1/logout", "{\"person_id\":\"" + amy + "\",\"token\":\"" + second + "\"}", 204);
        int devices = call("GET", "/v1/people/" + amy + "/devices", null).statusCode();
        assertEquals(after ? 200 : 404, devices);
        assertEquals(devices, call("GET", "/v1/people/" + amy + "/token-history", null).statusCode(),
                "history exists exactly when the person does");
    }

    @RepeatedTest(RACE_ROUNDS)
    void anIdentifyRacingALogoutWritesHistoryInTheOrderTheWritesTookEffectOverHttp(RepetitionInfo round)
            throws Exception {
        String pat = "race-pat-" + round.getCurrentRepetition();
        String token = Tokens.apns();
        post("/v1/identify", identifyBody(pat, token), 200);

        List<HttpResponse<String>> answers = atOnce(
                request("POST", "/v1/logout", "{\"person_id\":\"" + pat + "\",\"token\":\"" + token + "\"}"),
                request("POST", "/v1/identify", identifyBody(pat, token)));

        assertEquals(204, answers.get(0).statusCode());
        assertEquals(200, answers.get(1).statusCode(), answers.get(1).body());
        JsonNode events = get("/v1/people/" + pat + "/token-history").get("events");
        List<String> types = new ArrayList<>();
        events.forEach(event -> types.add(event.get("type").asText()));
        JsonNode devices = get("/v1/people/" + pat + "/devices").get("devices");
        if (devices.size() == 1) {
            assertEquals(List.of("registered", "logged_out", "registered"), types);
            assertFalse(Instant.parse(devices.at("/0/last_used").asText())
                    .isBefore(Instant.parse(events.at("/1/at").asText())), "the device came after the logout");
        } else {
            assertEquals(List.of("logged_out", "registered"), types);
        }
        for (int i = 1; i < events.size(); i++) {
            assertFalse(Instant.parse(events.get(i).get("at").asText())
                    .isAfter(Instant.parse(events.get(i - 1).get("at").asText())), "newest first: " + events);
        }
    }

    private static String identifyBody(String person, String token) {
        return "{\"person_id\":\"" + person + "\",\"token\":\"" + token + "\",\"platform\":\"ios\"}";
    }

    /** Sends both requests at once and answers their responses in order. */
    private static List<HttpResponse<String>> atOnce(HttpRequest first, HttpRequest second) throws Exception {
        CompletableFuture<HttpResponse<String>> one = http.sendAsync(first, HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> two = http.sendAsync(second, HttpResponse.BodyHandlers.ofString());
        return List.of(one.get(1, TimeUnit.MINUTES), two.get(1, TimeUnit.MINUTES));
    }

    @Test
    void aQueuedRequestWithoutRequestIdIsSummarisedUnderItsMessageId() throws Exception {
        String token = Tokens.apns();
        post("/v1/identify", "{\"person_id\":\"walk-3\",\"token\":\"" + token + "\",\"platform\":\"ios\"}", 200);

        String messageId = queueSendRequest("{\"person_id\":\"walk-3\",\"message\":{\"title\":\"No id\"}}");

        JsonNode summary = untilFound("/v1/sends/" + messageId, found -> found.get("state").asText().equals("done"));
        assertEquals(messageId, summary.get("request_id").asText());
        assertEquals(1, summary.at("/counts/sent").asInt());
        assertEquals("No id", get("/_local/pushes?token=" + token).at("/pushes/0/payload/aps/alert/title").asText());
    }

    @Test
    void aSendPostedOverHttpReachesAnAndroidDeviceThroughTheLocalFcm() throws Exception {
        String token = Tokens.fcm();
        post("/v1/identify", "{\"person_id\":\"walk-2\",\"token\":\"" + token + "\",\"platform\":\"android\"}", 200);

        JsonNode accepted = post("/v1/sends", "{\"person_id\":\"walk-2\",\"message\":{\"title\":\"Hi\",\"data\":{\"k\":\"v\"}}}", 202);

        String requestId = accepted.get("request_id").asText();
        JsonNode summary = until("/v1/sends/" + requestId, send -> send.get("state").asText().equals("done"));
        assertEquals(1, summary.at("/counts/sent").asInt());
        JsonNode push = get("/_local/pushes?token=" + token).at("/pushes/0");
        assertEquals("fcm", push.get("provider").asText());
        assertEquals("v", push.at("/payload/data/k").asText());
    }

    @Test
    void aBadQueueMessageIsDeadLetteredWithItsReason() throws Exception {
        queueSendRequest("{\"person_id\":\"walk-3\",\"message\":{\"badge\":\"many\",\"title\":\"x\"}}");

        String deadLetters = info.at("/queues/send_requests_dead_letter").asText();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<Message> dead = List.of();
        while (dead.isEmpty() && System.nanoTime() < deadline) {
            dead = sqs.receiveMessage(receive -> receive.queueUrl(deadLetters).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
        }
        assertEquals(1, dead.size(), "dead-lettered");
        String reason = dead.get(0).messageAttributes().get("reason").stringValue();
        assertTrue(reason.startsWith("invalid_json (message.badge)"), reason);
    }

    @Test
    void unknownRoutesAnswerLikeApiGatewayAndBadInputLikeTheHandlers() throws Exception {
        HttpResponse<String> unknown = call("GET", "/v1/nothing-here", null);
        assertEquals(404, unknown.statusCode());
        assertEquals("{\"message\":\"Not Found\"}", unknown.body());

        HttpResponse<String> bad = call("POST", "/v1/devices", "{\"token\":\"nope\",\"platform\":\"ios\"}");
        assertEquals(400, bad.statusCode());
        assertEquals("invalid_token", JSON.readTree(bad.body()).at("/error/code").asText());

        HttpResponse<String> verdict = call("POST", "/_local/verdicts", "{\"token\":\"x\",\"verdict\":\"maybe\"}");
        assertEquals(400, verdict.statusCode());
        assertEquals("verdict", JSON.readTree(verdict.body()).at("/error/field").asText());
    }

    /** The total of one metric with exactly these dimensions in a {@code /_local/metrics} answer, 0 when absent. */
    private static double total(JsonNode metrics, String name, Map<String, String> dimensions) {
        for (JsonNode metric : metrics.get("metrics")) {
            Map<String, String> has = new HashMap<>();
            metric.get("dimensions").fields().forEachRemaining(field -> has.put(field.getKey(), field.getValue().asText()));
            if (metric.get("name").asText().equals(name) && has.equals(dimensions)) {
                return metric.has("sum") ? metric.get("sum").asDouble() : metric.get("count").asDouble();
            }
        }
        return 0;
    }

    @Test
    void theSandboxAddsUpTheMetricsTheFunctionsWriteAndItsPageShowsThem() throws Exception {
        // as deployed, every metric carries its stack (STACK_NAME)
        Map<String, String> identified = Map.of("Endpoint", "POST /v1/identify", "Status", "2xx", "Stack", "push-registry");
        Map<String, String> refused = Map.of("Endpoint", "POST /v1/devices", "Status", "400", "Stack", "push-registry");
        Map<String, String> sent = Map.of("Provider", "apns", "Outcome", "sent", "Stack", "push-registry");
        JsonNode before = get("/_local/metrics");
        String token = Tokens.apns();
        post("/v1/identify", "{\"person_id\":\"metrics-1\",\"token\":\"" + token + "\",\"platform\":\"ios\"}", 200);
        post("/v1/devices", "{\"token\":\"short\",\"platform\":\"ios\"}", 400);
        post("/v1/sends", "{\"request_id\":\"metrics-send\",\"person_id\":\"metrics-1\",\"message\":{\"title\":\"M\"}}",
                202);

        JsonNode after = until("/_local/metrics", now -> total(now, "Pushes", sent) > total(before, "Pushes", sent));
        assertEquals(1, total(after, "Pushes", sent) - total(before, "Pushes", sent));
        assertEquals(1, total(after, "Answers", identified) - total(before, "Answers", identified));
        assertEquals(1, total(after, "Answers", refused) - total(before, "Answers", refused));
        boolean timed = false;
        for (JsonNode metric : after.get("metrics")) {
            timed |= metric.get("name").asText().equals("PushLatency") && metric.get("unit").asText().equals("Milliseconds")
                    && metric.get("count").asInt() > 0 && metric.get("max").asDouble() >= metric.get("min").asDouble();
        }
        assertTrue(timed, "push latency is there: " + after);
        assertTrue(call("GET", "/_local/", null).body().contains("/_local/metrics"), "the page shows the metrics");
    }

    @Test
    void twoAppsAreServedEachWithItsKeyCredentialsAndApnsEnvironments() throws Exception {
        List<String> apps = new ArrayList<>();
        get("/_local/info").get("apps").forEach(app -> apps.add(app.get("app_id").asText()
                + (app.get("default").asBoolean() ? " (default)" : "")));
        assertEquals(List.of("demo (default)", "demo-2"), apps);
        String production = Tokens.apns();
        String development = Tokens.apns();
        String android = Tokens.fcm();
        post("/v1/identify", identifyBody("apps-1", production), 200);
        HttpResponse<String> second = http.send(HttpRequest.newBuilder(URI.create(info.get("api").asText() + "/v1/identify"))
                .header("X-Api-Key", StackSettings.LOCAL_APP_KEY + "-2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"person_id\":\"apps-1\",\"token\":\"" + development
                        + "\",\"platform\":\"ios\",\"apns_environment\":\"development\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, second.statusCode(), second.body());
        assertEquals("demo-2", JSON.readTree(second.body()).get("app_id").asText(), "the second app's key");
        post("/_local/verdicts", "{\"token\":\"" + development + "\",\"verdict\":\"development_token\"}", 200);
        post("/v1/identify", "{\"person_id\":\"apps-1\",\"token\":\"" + android + "\",\"platform\":\"android\"}", 200);

        post("/v1/sends", "{\"request_id\":\"apps-send\",\"person_id\":\"apps-1\",\"message\":{\"title\":\"Both\"}}",
                202);
        JsonNode summary = until("/v1/sends/apps-send", send -> send.get("state").asText().equals("done"));

        assertEquals(3, summary.at("/counts/sent").asInt(), summary.toString());
        JsonNode toDevelopment = get("/_local/pushes?token=" + development).at("/pushes/0");
        assertEquals("demo-2", toDevelopment.get("app_id").asText());
        assertEquals("development", toDevelopment.get("environment").asText());
        JsonNode toProduction = get("/_local/pushes?token=" + production).at("/pushes/0");
        assertEquals("demo", toProduction.get("app_id").asText());
        assertEquals("production", toProduction.get("environment").asText());
        assertEquals("demo", get("/_local/pushes?token=" + android).at("/pushes/0/app_id").asText());
        assertFalse(get("/_local/pushes?token=" + android).at("/pushes/0").has("environment"));
        JsonNode state = get("/_local/state");
        Map<String, List<String>> devicesByApp = new HashMap<>();
        state.get("apps").forEach(app -> app.get("devices").forEach(device -> devicesByApp
                .computeIfAbsent(app.get("app_id").asText(), id -> new ArrayList<>()).add(device.get("token").asText())));
        assertTrue(devicesByApp.get("demo").containsAll(List.of(production, android)), devicesByApp.toString());
        assertTrue(devicesByApp.get("demo-2").contains(development) && !devicesByApp.get("demo").contains(development));
    }

    @Test
    void aPersonsDevicesOfOneAppAreThoseItsQueryStringNames() throws Exception {
        String phone = Tokens.apns();
        String tablet = Tokens.apns();
        post("/v1/identify", identifyBody("query-1", phone), 200);
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(info.get("api").asText() + "/v1/identify"))
                .header("X-Api-Key", StackSettings.LOCAL_APP_KEY + "-2")
                .POST(HttpRequest.BodyPublishers.ofString(identifyBody("query-1", tablet))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, other.statusCode(), other.body());

        JsonNode all = get("/v1/people/query-1/devices");
        assertEquals(2, all.get("devices").size(), all.toString());
        assertEquals(tablet, all.get("last_active_token").asText(), "the most recent of every app");
        JsonNode demo = get("/v1/people/query-1/devices?app_id=demo");
        assertEquals(1, demo.get("devices").size(), demo.toString());
        assertEquals(phone, demo.at("/devices/0/token").asText());
        assertEquals(phone, demo.get("last_active_token").asText(), "the most recent of the app asked for");
        JsonNode second = get("/v1/people/query-1/devices?utm_source=x&app_id=demo-2");
        assertEquals(List.of(tablet), List.of(second.at("/devices/0/token").asText()));
        assertEquals(1, second.get("devices").size());
        HttpResponse<String> unknown = call("GET", "/v1/people/query-1/devices?app_id=kiosk", null);
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertEquals("invalid_app", JSON.readTree(unknown.body()).at("/error/code").asText());
    }

    @Test
    void aBodyApiGatewayPassesInBase64WithCookiesAndRepeatedHeadersIsReadAsItsJson() throws Exception {
        String token = Tokens.apns();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(info.get("api").asText()
                        + "/v1/identify?source=app"))
                .header("X-Api-Key", StackSettings.LOCAL_APP_KEY)
                .header("Content-Type", "application/octet-stream")
                .header("Cookie", "session=abc; theme=dark")
                .header("Accept", "application/json")
                .header("Accept", "*/*")
                .POST(HttpRequest.BodyPublishers.ofString(identifyBody("base64-1", token))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(token, get("/v1/people/base64-1/devices").at("/devices/0/token").asText());
    }

    @Test
    void theSandboxPageAndTheStateItShowsHoldPeopleDevicesSendsAndPushes() throws Exception {
        String token = Tokens.apns();
        post("/v1/identify", "{\"person_id\":\"page-1\",\"token\":\"" + token + "\",\"platform\":\"ios\"}", 200);
        post("/v1/sends", "{\"request_id\":\"page-send\",\"person_id\":\"page-1\",\"message\":{\"title\":\"Page\"}}", 202);
        until("/v1/sends/page-send", send -> send.get("state").asText().equals("done"));

        HttpResponse<String> page = call("GET", "/_local/", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("/_local/state"), "the page loads its data from /_local/state");

        JsonNode state = get("/_local/state");
        JsonNode person = null;
        for (JsonNode candidate : state.get("people")) {
            if (candidate.get("person_id").asText().equals("page-1")) {
                person = candidate;
            }
        }
        assertTrue(person != null, "page-1 is listed");
        assertEquals(token, person.at("/devices/0/token").asText());
        assertEquals("sent", person.at("/devices/0/_last_status").asText());
        boolean listed = false;
        for (JsonNode send : state.get("sends")) {
            listed |= send.get("request_id").asText().equals("page-send") && send.get("state").asText().equals("done");
        }
        assertTrue(listed, "the send is listed as done");
        boolean pushed = false;
        for (JsonNode push : state.get("pushes")) {
            pushed |= push.get("token").asText().equals(token);
        }
        assertTrue(pushed, "the push is in the inbox");
    }
}
