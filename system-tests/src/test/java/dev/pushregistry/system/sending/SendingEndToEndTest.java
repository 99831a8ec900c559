package dev.pushregistry.system.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.eatthepath.pushy.apns.ApnsClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.firebase.FirebaseApp;
import com.google.firebase.messaging.FirebaseMessaging;
import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.registry.DeviceFields;
import dev.pushregistry.core.registry.IdentifyCommand;
import dev.pushregistry.core.registry.LogoutCommand;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.core.registry.RegisterCommand;
import dev.pushregistry.core.sending.Delivery;
import dev.pushregistry.core.sending.PushGateway;
import dev.pushregistry.core.sending.PushResult;
import dev.pushregistry.core.sending.SendSummary;
import dev.pushregistry.functions.dispatch.DispatchHandler;
import dev.pushregistry.functions.send.apns.ApnsCredentials;
import dev.pushregistry.functions.send.apns.ApnsGateway;
import dev.pushregistry.functions.send.apns.ApnsSendHandler;
import dev.pushregistry.functions.send.fcm.FcmCredentials;
import dev.pushregistry.functions.send.fcm.FcmGateway;
import dev.pushregistry.functions.send.fcm.FcmSendHandler;
import dev.pushregistry.functions.sends.SendsHandler;
import dev.pushregistry.local.services.LocalApns;
import dev.pushregistry.local.services.LocalFcm;
import dev.pushregistry.local.services.PushInbox;
import dev.pushregistry.local.services.Verdict;
import dev.pushregistry.queue.sqs.QueueBatch;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.telemetry.Metrics;
import dev.pushregistry.testing.Bodies;
import dev.pushregistry.testing.LambdaInvocations;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SampleKeys;
import dev.pushregistry.testing.SendingHarness;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The whole sending path: a request on the send-request queue (ElasticMQ), dispatch, deliveries on
 * the APNs and FCM queues, the real senders against local APNs (Pushy's MockApnsServer over TLS) and
 * local FCM (the real Firebase Admin SDK), and statuses and summaries in DynamoDB Local. The race
 * tests change the device between planning and verdict and check that the newer state survives.
 */
class SendingEndToEndTest {
    private static final PushInbox INBOX = new PushInbox();
    private static LocalApns apns;
    private static LocalFcm fcm;
    private static ApnsGateway apnsGateway;
    private static FirebaseApp firebase;
    private static FcmGateway fcmGateway;

    private SendingHarness harness;
    private DispatchHandler dispatch;
    private SendsHandler sends;

    @BeforeAll
    static void startPushServices() {
        apns = LocalApns.start(INBOX, Clock.systemUTC());
        fcm = LocalFcm.start(0, INBOX, Clock.systemUTC());
        ApnsCredentials credentials = ApnsCredentials.parse(apns.credentialsJson(TestRegistry.APP));
        ApnsClient client = ApnsGateway.client(credentials, ApnsEnvironment.PRODUCTION, 2);
        apnsGateway = new ApnsGateway(client, credentials.topic(), Clock.systemUTC());
        firebase = FcmCredentials.app(fcm.credentialsJson(TestRegistry.APP), fcm.endpointUrl(), TestRegistry.APP);
        fcmGateway = new FcmGateway(FirebaseMessaging.getInstance(firebase), Clock.systemUTC(), firebase::delete);
    }

    @AfterAll
    static void stopPushServices() {
        try {
            apnsGateway.close();
            firebase.delete();
        } finally {
            apns.close();
            fcm.close();
        }
    }

    @BeforeEach
    void setUp() {
        INBOX.clear();
        harness = SendingHarness.create();
        dispatch = new DispatchHandler(DispatchHandler.Parts.of(harness.dispatchBatch(), harness.registry.clock()));
        sends = new SendsHandler(new SendsHandler.Parts<>(harness.sendService(), SampleKeys.authorizer(), harness.registry.clock(), Metrics.discarding()));
    }

    // --- helpers -------------------------------------------------------------------------------

    private String iosDevice(String personId) {
        return harness.registry.identifiedIosDevice(personId);
    }

    private String androidDevice(String personId) {
        String token = Tokens.fcm();
        harness.registry.devices().identify(new IdentifyCommand(personId,
                new DeviceFields(TestRegistry.APP, token, Platform.ANDROID, null, null, true, null)), harness.registry.clock().instant());
        return token;
    }

    private void dispatchAll() {
        harness.drain(harness.sendRequests, event -> LambdaInvocations.invoke(dispatch, "DispatchFunction", event));
    }

    private void sendAll(PushGateway apnsSide, PushGateway fcmSide) {
        ApnsSendHandler apnsHandler = new ApnsSendHandler(ApnsSendHandler.Parts.of(harness.deliveryBatch(apnsSide), harness.registry.clock()));
        FcmSendHandler fcmHandler = new FcmSendHandler(FcmSendHandler.Parts.of(harness.deliveryBatch(fcmSide), harness.registry.clock()));
        harness.drain(harness.apnsDeliveries, event -> LambdaInvocations.invoke(apnsHandler, "SendApnsFunction", event));
        harness.drain(harness.fcmDeliveries, event -> LambdaInvocations.invoke(fcmHandler, "SendFcmFunction", event));
    }

    private SendSummary send(String requestId, String personId, String extra, String message) {
        harness.submit(SendingHarness.request(requestId, personId, extra, message));
        dispatchAll();
        sendAll(apnsGateway, fcmGateway);
        return harness.summary(requestId);
    }

    private Optional<Device> device(String token) {
        return harness.registry.store().findDevice(TestRegistry.at(token), harness.registry.clock().peek());
    }

    /** A gateway that does {@code meanwhile} after the push service answered and before the verdict is written. */
    private static PushGateway interfering(PushGateway real, Consumer<Delivery> meanwhile) {
        return new PushGateway() {
            @Override
            public Provider provider() {
                return real.provider();
            }

            @Override
            public CompletableFuture<PushResult> push(Delivery delivery) {
                return real.push(delivery).thenApply(result -> {
                    meanwhile.accept(delivery);
                    return result;
                });
            }
        };
    }

    // --- the path end to end ------------------------------------------------------------------

    @Test
    void aQueuedRequestReachesEveryDeviceAndTheSummaryAddsUp() {
        String phone = iosDevice("ada");
        String tablet = androidDevice("ada");

        SendSummary summary = send("camp-1-ada", "ada", "", "{\"title\":\"Hi\",\"body\":\"Cart\"}");

        assertEquals("done", summary.state());
        assertEquals(2, summary.count("targeted"));
        assertEquals(2, summary.count("sent"));
        assertEquals(1, INBOX.pushes(phone).size());
        assertEquals("apns", INBOX.pushes(phone).get(0).provider());
        assertEquals(1, INBOX.pushes(tablet).size());
        assertEquals("fcm", INBOX.pushes(tablet).get(0).provider());
        assertEquals(DeviceStatus.SENT, device(phone).orElseThrow().status());
        assertEquals(DeviceStatus.SENT, device(tablet).orElseThrow().status());
        harness.registry.assertConsistent();
    }

    @Test
    void postSendsQueuesTheRequestAndGetSendsFollowsItToDone() {
        String phone = iosDevice("bo");
        String body = SendingHarness.request("tx-1", "bo", "\"transactional\":true", "{\"title\":\"Receipt\"}");

        APIGatewayV2HTTPResponse accepted = LambdaInvocations.http(sends, "SendsFunction", SampleEvents.withBody("sends-post.json", body));
        APIGatewayV2HTTPResponse again = LambdaInvocations.http(sends, "SendsFunction", SampleEvents.withBody("sends-post.json", body));
        assertEquals(202, accepted.getStatusCode());
        assertEquals(202, again.getStatusCode());
        assertEquals("tx-1", Bodies.json(accepted).get("request_id").asText());
        assertEquals("pending", Bodies.json(summary("tx-1")).get("state").asText());

        dispatchAll();
        sendAll(apnsGateway, fcmGateway);

        JsonNode done = Bodies.json(summary("tx-1"));
        assertEquals("done", done.get("state").asText());
        assertEquals(1, done.get("counts").get("targeted").asInt());
        assertEquals(1, done.get("counts").get("sent").asInt());
        assertEquals(1, INBOX.pushes(phone).size(), "the same request id accepted twice pushes once");
        assertEquals(404, summary("never-sent").getStatusCode());
    }

    private APIGatewayV2HTTPResponse summary(String requestId) {
        APIGatewayV2HTTPEvent event = SampleEvents.load("sends-get.json");
        event.setPathParameters(Map.of("request_id", requestId));
        return LambdaInvocations.http(sends, "SendsFunction", event);
    }

    @Test
    void aRequestDeliveredTwiceByTheQueuePushesOncePerDevice() {
        String phone = iosDevice("cy");
        String request = SendingHarness.request("camp-2-cy", "cy", "", "{\"title\":\"Hi\"}");
        harness.submit(request);
        harness.submit(request);
        dispatchAll();
        harness.submit(request);
        dispatchAll();
        sendAll(apnsGateway, fcmGateway);

        assertEquals(1, INBOX.pushes(phone).size());
        SendSummary summary = harness.summary("camp-2-cy");
        assertEquals(1, summary.count("targeted"));
        assertEquals(1, summary.count("sent"));
    }

    @Test
    void anInvalidRequestIsDeadLetteredWithItsReasonAndWritesNothing() {
        iosDevice("di");
        int before = harness.registry.itemCount();
        harness.submit("{\"request_id\":\"bad-1\",\"person_id\":\"di\",\"message\":{\"badge\":-1,\"title\":\"x\"}}");
        harness.submit("{\"request_id\":\"bad-2\",\"person_id\":\"di\"}");
        harness.submit("not json");

        dispatchAll();

        List<Message> dead = harness.deadLetters(harness.sendRequestsDlq);
        assertEquals(3, dead.size());
        List<String> reasons = dead.stream()
                .map(message -> message.messageAttributes().get(QueueBatch.REASON_ATTRIBUTE).stringValue()).sorted().toList();
        assertTrue(reasons.stream().anyMatch(reason -> reason.contains("message.badge")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(reason -> reason.startsWith("missing_field (message)")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(reason -> reason.startsWith("invalid_json")), reasons.toString());
        assertEquals(before, harness.registry.itemCount(), "nothing written for a rejected request");
        assertEquals(0, harness.depth(harness.apnsDeliveries));
    }

    // --- who gets a push ----------------------------------------------------------------------

    @Test
    void unsubscribedPeopleGetOnlyTransactionalSends() {
        String phone = iosDevice("ed");
        harness.registry.people().setUnsubscribed("ed", true, harness.registry.clock().instant());

        SendSummary campaign = send("camp", "ed", "", "{\"title\":\"Sale\"}");
        SendSummary receipt = send("receipt", "ed", "\"transactional\":true", "{\"title\":\"Receipt\"}");

        assertEquals(0, campaign.count("targeted"));
        assertEquals(1, campaign.count("skipped_unsubscribed"));
        assertEquals("done", campaign.state());
        assertEquals(1, receipt.count("sent"));
        assertEquals(1, INBOX.pushes(phone).size());
    }

    @Test
    void lastActiveATokenAndPlatformsNarrowTheDevices() {
        String older = iosDevice("fi");
        String android = androidDevice("fi");
        String newest = iosDevice("fi");

        send("last", "fi", "\"target\":\"last_active\"", "{\"title\":\"1\"}");
        send("token", "fi", "\"token\":\"" + older + "\"", "{\"title\":\"2\"}");
        send("android", "fi", "\"platforms\":[\"android\"]", "{\"title\":\"3\"}");
        SendSummary notTheirs = send("other", "fi", "\"token\":\"" + Tokens.apns() + "\"", "{\"title\":\"4\"}");

        assertEquals(List.of("1"), titles(newest));
        assertEquals(List.of("2"), titles(older));
        assertEquals(List.of("3"), titles(android));
        assertEquals(0, notTheirs.count("targeted"));
        assertEquals("done", notTheirs.state());
    }

    private static List<String> titles(String token) {
        return INBOX.pushes(token).stream().map(push -> push.provider().equals("apns")
                ? push.payload().at("/aps/alert/title").asText()
                : push.payload().at("/notification/title").asText()).toList();
    }

    @Test
    void anonymousDevicesNeverGetCampaignSends() {
        String token = Tokens.apns();
        harness.registry.devices().register(new RegisterCommand(new DeviceFields(TestRegistry.APP, token, Platform.IOS, null, null, true, null),
                null), harness.registry.clock().instant());

        SendSummary summary = send("camp", "nobody", "\"token\":\"" + token + "\"", "{\"title\":\"Hi\"}");

        assertEquals(0, summary.count("targeted"));
        assertTrue(INBOX.pushes(token).isEmpty());
    }

    // --- races between planning and verdict ----------------------------------------------------

    @Test
    void aTokenMovedToAnotherPersonBeforeThePushIsNotPushed() {
        String token = iosDevice("gus");
        harness.submit(SendingHarness.request("r", "gus", "", "{\"title\":\"for gus\"}"));
        dispatchAll();
        harness.registry.devices().identify(new IdentifyCommand("hal", new DeviceFields(TestRegistry.APP, token, null, null, null, null, null)),
                harness.registry.clock().instant());

        sendAll(apnsGateway, fcmGateway);

        assertTrue(INBOX.pushes(token).isEmpty(), "gus's push never reaches hal");
        assertEquals(1, harness.summary("r").count("skipped_stale"));
        assertEquals("hal", device(token).orElseThrow().personId().orElseThrow());
        harness.registry.assertConsistent();
    }

    @Test
    void aTokenLoggedOutBeforeThePushIsNotPushed() {
        String token = iosDevice("ida");
        harness.submit(SendingHarness.request("r", "ida", "", "{\"title\":\"Hi\"}"));
        dispatchAll();
        harness.registry.devices(LogoutPolicy.ANONYMIZE).logout(new LogoutCommand("ida", TestRegistry.at(token)),
                harness.registry.clock().instant());

        sendAll(apnsGateway, fcmGateway);

        assertTrue(INBOX.pushes(token).isEmpty());
        assertEquals(1, harness.summary("r").count("skipped_stale"));
        assertTrue(device(token).orElseThrow().personId().isEmpty());
    }

    @Test
    void aBounceForATokenThatMovedMeanwhileLeavesTheNewOwnersDeviceAlone() {
        String token = iosDevice("jo");
        INBOX.setVerdict(token, Verdict.BAD_TOKEN, null);
        harness.submit(SendingHarness.request("r", "jo", "", "{\"title\":\"Hi\"}"));
        dispatchAll();

        sendAll(interfering(apnsGateway, delivery -> harness.registry.devices().identify(
                new IdentifyCommand("kim", new DeviceFields(TestRegistry.APP, delivery.token(), null, null, null, null, null)),
                harness.registry.clock().instant())), fcmGateway);

        Device now = device(token).orElseThrow();
        assertEquals("kim", now.personId().orElseThrow());
        assertEquals(DeviceStatus.UNUSED, now.status(), "kim's device is not bounced for jo's push");
        assertEquals(1, harness.summary("r").count("skipped_stale"));
        harness.registry.assertConsistent();
    }

    @Test
    void unregisteredForATokenReRegisteredMeanwhileKeepsTheDevice() {
        String token = androidDevice("lu");
        INBOX.setVerdict(token, Verdict.UNREGISTERED, null);
        harness.submit(SendingHarness.request("r", "lu", "", "{\"title\":\"Hi\"}"));
        dispatchAll();

        sendAll(apnsGateway, interfering(fcmGateway, delivery -> harness.registry.devices().register(
                new RegisterCommand(new DeviceFields(TestRegistry.APP, delivery.token(), Platform.ANDROID, null, null, true, null), null),
                harness.registry.clock().instant())));

        assertTrue(device(token).isPresent(), "the newer registration survives");
        assertEquals("lu", device(token).orElseThrow().personId().orElseThrow());
        assertEquals(1, harness.summary("r").count("skipped_stale"));
        harness.registry.assertConsistent();
    }

    @Test
    void unregisteredForATokenMovedMeanwhileKeepsTheNewOwnersDevice() {
        String token = androidDevice("mo");
        INBOX.setVerdict(token, Verdict.UNREGISTERED, null);
        harness.submit(SendingHarness.request("r", "mo", "", "{\"title\":\"Hi\"}"));
        dispatchAll();

        sendAll(apnsGateway, interfering(fcmGateway, delivery -> harness.registry.devices().identify(
                new IdentifyCommand("ned", new DeviceFields(TestRegistry.APP, delivery.token(), null, null, null, null, null)),
                harness.registry.clock().instant())));

        assertEquals("ned", device(token).orElseThrow().personId().orElseThrow());
        assertEquals(1, harness.people("ned").size());
        assertEquals(1, harness.summary("r").count("skipped_stale"));
        harness.registry.assertConsistent();
    }

    @Test
    void aSentVerdictNeverResurrectsADeviceLoggedOutMeanwhile() {
        String token = iosDevice("ola");
        harness.submit(SendingHarness.request("r", "ola", "", "{\"title\":\"Hi\"}"));
        dispatchAll();

        sendAll(interfering(apnsGateway, delivery -> harness.registry.devices(LogoutPolicy.DELETE).logout(
                new LogoutCommand("ola", TestRegistry.at(delivery.token())), harness.registry.clock().instant())), fcmGateway);

        assertFalse(device(token).isPresent(), "the logout stands");
        assertEquals(1, harness.summary("r").count("sent"), "the push itself went out before the logout");
        assertEquals(0, harness.people("ola").size());
        harness.registry.assertConsistent();
    }

    @Test
    void twoBouncesForOneDeviceInOneBatchAreBothCounted() {
        String token = iosDevice("pia");
        INBOX.setVerdict(token, Verdict.BAD_TOKEN, null);
        harness.submit(SendingHarness.request("a", "pia", "", "{\"title\":\"a\"}"));
        harness.submit(SendingHarness.request("b", "pia", "", "{\"title\":\"b\"}"));
        dispatchAll();

        sendAll(apnsGateway, fcmGateway);

        assertEquals(DeviceStatus.SUPPRESSED, device(token).orElseThrow().status(),
                "the second bounce saw the first one: no lost update");
        assertEquals(1, harness.summary("a").count("bounced") + harness.summary("b").count("bounced"));
        assertEquals(1, harness.summary("a").count("suppressed") + harness.summary("b").count("suppressed"));
        harness.registry.assertConsistent();
    }
}
