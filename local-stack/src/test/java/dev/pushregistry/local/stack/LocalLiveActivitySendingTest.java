package dev.pushregistry.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushregistry.aws.fixtures.LocalClients;
import dev.pushregistry.core.fixtures.Tokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Live Activity pushes end to end on the local stack: send requests over HTTP, dispatch and the real
 * senders over ElasticMQ, Pushy to the local APNs over TLS and the Firebase Admin SDK to the local
 * FCM; what the push services took is read from the inbox, what the registry made of their answers
 * from the API.
 */
class LocalLiveActivitySendingTest {
    private static final ObjectMapper JSON = LocalApi.JSON;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static LocalApi api;

    @BeforeAll
    static void start() throws Exception {
        api = LocalApi.start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return api.call(method, path, body);
    }

    private static JsonNode get(String path) throws Exception {
        return api.get(path);
    }

    private static JsonNode post(String path, String body, int status) throws Exception {
        return api.expect(status, "POST", path, body);
    }

    private static JsonNode until(String path, Predicate<JsonNode> done) throws Exception {
        return api.until(path, done);
    }

    private static JsonNode sendUntilDone(String requestId, String person, String liveActivity, String message)
            throws Exception {
        post("/v1/sends", "{\"request_id\":\"" + requestId + "\",\"person_id\":\"" + person + "\",\"live_activity\":"
                + liveActivity + (message == null ? "" : ",\"message\":" + message) + "}", 202);
        return until("/v1/sends/" + requestId, summary -> summary.get("state").asText().equals("done"));
    }

    private static List<JsonNode> pushes(String token) throws Exception {
        List<JsonNode> found = new java.util.ArrayList<>();
        get("/_local/pushes?token=" + token).get("pushes").forEach(found::add);
        return found;
    }

    private static String iosDevice(String person, String startToken) throws Exception {
        String device = Tokens.apns();
        post("/v1/identify", "{\"person_id\":\"" + person + "\",\"token\":\"" + device + "\",\"platform\":\"ios\","
                + "\"live_activity_start_tokens\":{\"DeliveryAttributes\":\"" + startToken + "\"}}", 200);
        return device;
    }

    private static String activity(String device, String activityId) throws Exception {
        String token = Tokens.apns();
        post("/v1/live-activities", "{\"device_token\":\"" + device + "\",\"activity_id\":\"" + activityId
                + "\",\"activity_type\":\"DeliveryAttributes\",\"token\":\"" + token + "\"}", 200);
        return token;
    }

    @Test
    void anActivityIsStartedUpdatedAndEndedOnItsTokensAsLiveActivityPushes() throws Exception {
        String startToken = Tokens.apns();
        String device = iosDevice("las-ann", startToken);
        Instant before = Instant.now().minusSeconds(1);

        JsonNode started = sendUntilDone("las-start", "las-ann", "{\"event\":\"start\",\"activity_type\":\"DeliveryAttributes\","
                + "\"attributes\":{\"order\":\"77\"},\"content_state\":{\"status\":\"placed\"}}", "{\"title\":\"Ordered\"}");

        assertEquals(1, started.at("/counts/sent").asInt(), started.toString());
        JsonNode start = pushes(startToken).get(0);
        assertEquals("liveactivity", start.get("push_type").asText());
        assertTrue(start.get("topic").asText().endsWith(".push-type.liveactivity"), start.toString());
        assertEquals("start", start.at("/payload/aps/event").asText());
        assertEquals("DeliveryAttributes", start.at("/payload/aps/attributes-type").asText());
        assertEquals("Ordered", start.at("/payload/aps/alert/title").asText());
        assertEquals("10", start.at("/headers/apns-priority").asText(), "an alert: priority 10");
        long timestamp = start.at("/payload/aps/timestamp").asLong();
        assertTrue(timestamp >= before.getEpochSecond() && timestamp <= Instant.now().getEpochSecond(),
                "aps.timestamp is when the request was accepted: " + timestamp);
        assertEquals(List.of(), pushes(device), "nothing goes to the device's own token");

        String update = activity(device, "order-77");
        JsonNode updated = sendUntilDone("las-update", "las-ann", "{\"event\":\"update\",\"activity_id\":\"order-77\","
                + "\"content_state\":{\"status\":\"picked_up\"},\"relevance_score\":50}", null);
        JsonNode pushedUpdate = pushes(update).get(0);
        assertEquals(1, updated.at("/counts/sent").asInt(), updated.toString());
        assertEquals("update", pushedUpdate.at("/payload/aps/event").asText());
        assertEquals("picked_up", pushedUpdate.at("/payload/aps/content-state/status").asText());
        assertEquals("5", pushedUpdate.at("/headers/apns-priority").asText(), "no alert: priority 5");
        assertFalse(pushedUpdate.at("/payload/aps").has("alert"));
        until("/v1/people/las-ann/live-activities", view -> view.at("/activities/0/_last_status").asText().equals("sent"));

        sendUntilDone("las-end", "las-ann", "{\"event\":\"end\",\"activity_id\":\"order-77\","
                + "\"dismissal_date\":\"2026-12-05T20:00:00Z\"}", "{\"title\":\"Delivered\"}");
        JsonNode end = pushes(update).get(0);
        assertEquals("end", end.at("/payload/aps/event").asText());
        assertEquals(Instant.parse("2026-12-05T20:00:00Z").getEpochSecond(), end.at("/payload/aps/dismissal-date").asLong());
        assertEquals("", get("/v1/people/las-ann/devices").at("/devices/0/_last_status").asText(),
                "Live Activity pushes leave the device's own status alone");
    }

    @Test
    void aRefusedUpdateTokenEndsItsActivityAndARefusedStartTokenLeavesItsDeviceWithoutBouncingEither() throws Exception {
        String startToken = Tokens.apns();
        String device = iosDevice("las-bea", startToken);
        String gone = activity(device, "trip-1");
        String kept = activity(device, "trip-2");
        post("/_local/verdicts", "{\"token\":\"" + gone + "\",\"verdict\":\"unregistered\"}", 200);
        post("/_local/verdicts", "{\"token\":\"" + startToken + "\",\"verdict\":\"bad_token\"}", 200);

        JsonNode updated = sendUntilDone("las-gone", "las-bea", "{\"event\":\"update\",\"activity_id\":\"trip-1\","
                + "\"content_state\":{\"eta\":5}}", null);
        JsonNode started = sendUntilDone("las-restart", "las-bea", "{\"event\":\"start\",\"activity_type\":\"DeliveryAttributes\","
                + "\"attributes\":{},\"content_state\":{}}", "{\"title\":\"Again\"}");

        assertEquals(1, updated.at("/counts/deleted").asInt(), updated.toString());
        assertEquals(1, started.at("/counts/deleted").asInt(), started.toString());
        JsonNode activities = get("/v1/people/las-bea/live-activities").get("activities");
        assertEquals(1, activities.size(), activities.toString());
        assertEquals(kept, activities.get(0).get("token").asText());
        JsonNode deviceView = get("/v1/people/las-bea/devices").at("/devices/0");
        assertEquals(device, deviceView.get("token").asText());
        assertEquals(0, deviceView.get("live_activity_start_tokens").size(), "the refused start token is gone");
        assertEquals("", deviceView.get("_last_status").asText(), "the device is not bounced");
    }

    @Test
    void anIosDeviceOnFcmGetsItsLiveActivityPushesThroughFcm() throws Exception {
        String device = Tokens.fcm();
        String startToken = Tokens.apns();
        post("/v1/identify", "{\"person_id\":\"las-cy\",\"token\":\"" + device + "\",\"platform\":\"ios\",\"provider\":\"fcm\","
                + "\"live_activity_start_tokens\":{\"DeliveryAttributes\":\"" + startToken + "\"}}", 200);

        JsonNode started = sendUntilDone("las-fcm", "las-cy", "{\"event\":\"start\",\"activity_type\":\"DeliveryAttributes\","
                + "\"attributes\":{\"order\":\"9\"},\"content_state\":{\"status\":\"placed\"}}", "{\"title\":\"Ordered\"}");

        assertEquals(1, started.at("/counts/sent").asInt(), started.toString());
        JsonNode push = pushes(device).get(0);
        assertEquals("fcm", push.get("provider").asText());
        assertEquals("liveactivity", push.get("push_type").asText());
        assertEquals(startToken, push.at("/payload/apns/live_activity_token").asText());
        assertEquals("start", push.at("/payload/apns/payload/aps/event").asText());
    }

    @Test
    void aWrongLiveActivityIsA400AndNothingIsSent() throws Exception {
        String device = iosDevice("las-dee", Tokens.apns());
        HttpResponse<String> unknownEvent = call("POST", "/v1/sends", "{\"person_id\":\"las-dee\",\"live_activity\":"
                + "{\"event\":\"pause\",\"activity_id\":\"a\"}}");
        HttpResponse<String> noState = call("POST", "/v1/sends", "{\"person_id\":\"las-dee\",\"live_activity\":"
                + "{\"event\":\"update\",\"activity_id\":\"a\"}}");
        HttpResponse<String> tooLarge = call("POST", "/v1/sends", "{\"person_id\":\"las-dee\",\"message\":{\"title\":\"x\"},"
                + "\"live_activity\":{\"event\":\"start\",\"activity_type\":\"T\",\"attributes\":{},\"content_state\":"
                + "{\"s\":\"" + "x".repeat(4100) + "\"}}}");

        assertEquals(400, unknownEvent.statusCode(), unknownEvent.body());
        assertEquals("live_activity.event", JSON.readTree(unknownEvent.body()).at("/error/field").asText());
        assertEquals(400, noState.statusCode(), noState.body());
        assertEquals("live_activity.content_state", JSON.readTree(noState.body()).at("/error/field").asText());
        assertEquals(400, tooLarge.statusCode(), tooLarge.body());
        assertEquals("live_activity", JSON.readTree(tooLarge.body()).at("/error/field").asText());
        assertEquals(List.of(), pushes(device));
    }

    /** The sum of a metric over every set of dimensions that has {@code dimension}. */
    private static double total(String name, String dimension, String value) throws Exception {
        double sum = 0;
        for (JsonNode metric : get("/_local/metrics").get("metrics")) {
            if (metric.get("name").asText().equals(name) && value.equals(metric.at("/dimensions/" + dimension).asText())) {
                sum += metric.has("sum") ? metric.get("sum").asDouble() : metric.get("count").asDouble();
            }
        }
        return sum;
    }

    @Test
    void aRetriedPushCarriesTheTimestampOfItsRequestNotOfTheRetry() throws Exception {
        String device = iosDevice("las-eve", Tokens.apns());
        String update = activity(device, "ride-1");
        post("/_local/verdicts", "{\"token\":\"" + update + "\",\"verdict\":\"too_many_requests\"}", 200);
        double unavailable = total("PushesUnavailable", "Provider", "apns");
        long accepted = Instant.now().getEpochSecond();

        post("/v1/sends", "{\"request_id\":\"las-retry\",\"person_id\":\"las-eve\",\"live_activity\":"
                + "{\"event\":\"update\",\"activity_id\":\"ride-1\",\"content_state\":{\"eta\":3}}}", 202);
        until("/_local/metrics", metrics -> {
            try {
                return total("PushesUnavailable", "Provider", "apns") > unavailable;
            } catch (Exception unreadable) {
                throw new IllegalStateException(unreadable);
            }
        });
        long retriedAfter = Instant.now().getEpochSecond();
        post("/_local/verdicts", "{\"token\":\"" + update + "\",\"verdict\":\"accept\"}", 200);
        JsonNode summary = until("/v1/sends/las-retry", send -> send.get("state").asText().equals("done"));

        assertEquals(1, summary.at("/counts/sent").asInt(), summary.toString());
        long timestamp = pushes(update).get(0).at("/payload/aps/timestamp").asLong();
        assertTrue(timestamp >= accepted - 1 && timestamp <= retriedAfter,
                "the retried push says when the request was accepted (" + accepted + "), not when it was retried: "
                        + timestamp);
    }

    @Test
    void aWrongLiveActivityOnTheQueueIsDeadLetteredWithItsReason() throws Exception {
        JsonNode info = get("/_local/info");
        try (SqsClient sqs = LocalClients.build(SqsClient.builder(), URI.create(info.get("sqs").asText()))) {
            sqs.sendMessage(send -> send.queueUrl(info.at("/queues/send_requests").asText()).messageBody(
                    "{\"request_id\":\"las-dlq\",\"person_id\":\"las-fay\",\"live_activity\":{\"event\":\"end\"}}"));
            String deadLetters = info.at("/queues/send_requests_dead_letter").asText();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            String reason = null;
            while (reason == null && System.nanoTime() < deadline) {
                for (Message message : sqs.receiveMessage(receive -> receive.queueUrl(deadLetters).waitTimeSeconds(1)
                        .messageAttributeNames("All").maxNumberOfMessages(10)).messages()) {
                    if (message.body().contains("las-dlq")) {
                        reason = message.messageAttributes().get("reason").stringValue();
                    }
                }
            }
            assertTrue(reason != null && reason.contains("live_activity.activity_id"), "dead-lettered: " + reason);
        }
    }
}
