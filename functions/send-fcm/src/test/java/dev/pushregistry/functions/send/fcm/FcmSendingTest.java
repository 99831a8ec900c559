package dev.pushregistry.functions.send.fcm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.firebase.FirebaseApp;
import com.google.firebase.messaging.FirebaseMessaging;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.registry.DeviceFields;
import dev.pushregistry.core.registry.IdentifyCommand;
import dev.pushregistry.core.sending.SendSummary;
import dev.pushregistry.local.services.LocalFcm;
import dev.pushregistry.local.services.PushInbox;
import dev.pushregistry.local.services.Verdict;
import dev.pushregistry.queue.sqs.QueueBatch;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.testing.LambdaInvocations;
import dev.pushregistry.testing.SendingHarness;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The FCM sender end to end: the real Firebase Admin SDK against a local endpoint that answers like
 * FCM v1, with ElasticMQ queues and DynamoDB Local.
 */
class FcmSendingTest {
    private static final PushInbox INBOX = new PushInbox();
    private static LocalFcm fcm;
    private static FirebaseApp app;
    private static FcmGateway gateway;

    private SendingHarness harness;
    private FcmSendHandler handler;

    @BeforeAll
    static void startFcm() {
        fcm = LocalFcm.start(0, INBOX, Clock.systemUTC());
        app = FcmCredentials.app(fcm.credentialsJson(TestRegistry.APP), fcm.endpointUrl(), TestRegistry.APP);
        gateway = new FcmGateway(FirebaseMessaging.getInstance(app), Clock.systemUTC(), app::delete);
    }

    @AfterAll
    static void stopFcm() {
        try {
            gateway.close();
        } finally {
            fcm.close();
        }
    }

    @BeforeEach
    void setUp() {
        INBOX.clear();
        harness = SendingHarness.create();
        handler = new FcmSendHandler(FcmSendHandler.Parts.of(harness.deliveryBatch(gateway), harness.registry.clock()));
    }

    private String device(String personId, Platform platform) {
        String token = Tokens.fcm();
        harness.registry.devices().identify(new IdentifyCommand(personId,
                new DeviceFields(TestRegistry.APP, token, platform, dev.pushregistry.core.device.Provider.FCM, null, true, null)),
                harness.registry.clock().instant());
        return token;
    }

    private SendSummary send(String requestId, String personId, String message) {
        harness.submit(SendingHarness.request(requestId, personId, "", message));
        harness.drain(harness.sendRequests, event -> harness.dispatchBatch().process(event, harness.registry.clock().instant()));
        harness.drain(harness.fcmDeliveries, event -> LambdaInvocations.invoke(handler, "SendFcmFunction", event));
        return harness.summary(requestId);
    }

    private DeviceStatus status(String token) {
        return harness.registry.device(token).orElseThrow().status();
    }

    @Test
    void androidPushCarriesNotificationDataAndAndroidOptions() {
        String token = device("ann", Platform.ANDROID);

        SendSummary summary = send("r", "ann", "{\"title\":\"Hi\",\"body\":\"Cart\",\"deep_link\":\"shop://c\","
                + "\"image_url\":\"https://img.example/a.png\",\"data\":{\"cart_id\":\"7\"},\"sound\":\"default\","
                + "\"collapse_key\":\"cart\",\"ttl_seconds\":60,\"priority\":\"normal\",\"category\":\"OPEN_CART\"}");

        assertEquals(1, summary.count("sent"));
        assertEquals(DeviceStatus.SENT, status(token));
        JsonNode message = INBOX.pushes(token).get(0).payload();
        assertEquals("Hi", message.at("/notification/title").asText());
        assertEquals("Cart", message.at("/notification/body").asText());
        assertEquals("https://img.example/a.png", message.at("/notification/image").asText());
        assertEquals("7", message.at("/data/cart_id").asText());
        assertEquals("shop://c", message.at("/data/deep_link").asText());
        assertEquals("normal", message.at("/android/priority").asText());
        assertEquals("60s", message.at("/android/ttl").asText());
        assertEquals("cart", message.at("/android/collapse_key").asText());
        assertEquals("default", message.at("/android/notification/sound").asText());
        assertEquals("OPEN_CART", message.at("/android/notification/click_action").asText());
        assertTrue(message.path("apns").isMissingNode());
    }

    @Test
    void iosDeviceOnFcmGetsApnsOptionsAndBackgroundPushesAreDataOnly() {
        String token = device("bea", Platform.IOS);

        send("visible", "bea", "{\"title\":\"Hi\",\"badge\":2,\"thread_id\":\"t\",\"collapse_key\":\"k\"}");
        send("silent", "bea", "{\"background\":true,\"data\":{\"sync\":\"1\"}}");

        List<PushInbox.AcceptedPush> pushes = INBOX.pushes(token);
        JsonNode silent = pushes.get(0).payload();
        JsonNode visible = pushes.get(1).payload();
        assertEquals(2, visible.at("/apns/payload/aps/badge").asInt());
        assertEquals("t", visible.at("/apns/payload/aps/thread-id").asText());
        assertEquals("alert", visible.at("/apns/headers/apns-push-type").asText());
        assertEquals("10", visible.at("/apns/headers/apns-priority").asText());
        assertEquals("k", visible.at("/apns/headers/apns-collapse-id").asText());
        assertTrue(silent.path("notification").isMissingNode());
        assertEquals(1, silent.at("/apns/payload/aps/content-available").asInt());
        assertEquals("background", silent.at("/apns/headers/apns-push-type").asText());
        assertEquals("5", silent.at("/apns/headers/apns-priority").asText());
        assertEquals("1", silent.at("/data/sync").asText());
    }

    @Test
    void unregisteredDeletesTheDevice() {
        String token = device("cat", Platform.ANDROID);
        INBOX.setVerdict(token, Verdict.UNREGISTERED, null);

        assertEquals(1, send("r", "cat", "{\"title\":\"Hi\"}").count("deleted"));
        assertTrue(harness.registry.device(token).isEmpty());
        harness.registry.assertConsistent();
    }

    @ParameterizedTest
    @EnumSource(value = Verdict.class, names = {"BAD_TOKEN", "WRONG_SENDER"})
    void aTokenForAnotherSenderOrMalformedBounces(Verdict verdict) {
        String token = device("dot", Platform.ANDROID);
        INBOX.setVerdict(token, verdict, null);

        assertEquals(1, send("one", "dot", "{\"title\":\"1\"}").count("bounced"));
        assertEquals(DeviceStatus.BOUNCED, status(token));
        assertEquals(1, send("two", "dot", "{\"title\":\"2\"}").count("suppressed"));
        assertEquals(DeviceStatus.SUPPRESSED, status(token));
    }

    @ParameterizedTest
    @CsvSource({"MISCONFIGURED,THIRD_PARTY_AUTH_ERROR", "BAD_MESSAGE,INVALID_ARGUMENT"})
    void ourMistakesFailWithoutTouchingTheDevice(Verdict verdict, String code) {
        String token = device("eve", Platform.ANDROID);
        INBOX.setVerdict(token, verdict, null);

        SendSummary summary = send("r", "eve", "{\"title\":\"Hi\"}");

        assertEquals(1, summary.count("failed"));
        assertEquals(DeviceStatus.UNUSED, status(token));
        List<Message> dead = harness.deadLetters(harness.fcmDlq);
        assertEquals(1, dead.size());
        assertTrue(dead.get(0).messageAttributes().get(QueueBatch.REASON_ATTRIBUTE).stringValue().contains(code));
    }

    @ParameterizedTest
    @EnumSource(value = Verdict.class, names = {"TOO_MANY_REQUESTS", "UNAVAILABLE", "INTERNAL_ERROR"})
    void transientAnswersAreRetriedAndLeaveTheStatusAlone(Verdict trouble) {
        String token = device("fay", Platform.ANDROID);
        INBOX.setVerdict(token, trouble, null);
        harness.submit(SendingHarness.request("r", "fay", "", "{\"title\":\"Hi\"}"));
        harness.drain(harness.sendRequests, event -> harness.dispatchBatch().process(event, harness.registry.clock().instant()));

        harness.runOnce(harness.fcmDeliveries, event -> {
            SQSBatchResponse response = LambdaInvocations.invoke(handler, "SendFcmFunction", event);
            assertEquals(1, response.getBatchItemFailures().size());
            return response;
        });
        assertEquals(DeviceStatus.UNUSED, status(token));
        assertFalse(harness.summary("r").state().equals("done"));

        INBOX.setVerdict(token, Verdict.ACCEPT, null);
        harness.drain(harness.fcmDeliveries, event -> LambdaInvocations.invoke(handler, "SendFcmFunction", event));
        assertEquals(DeviceStatus.SENT, status(token));
        assertEquals("done", harness.summary("r").state());
    }
}
