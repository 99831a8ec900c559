package dev.pushregistry.system.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.aws.Settings;
import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.registry.DeviceFields;
import dev.pushregistry.core.registry.IdentifyCommand;
import dev.pushregistry.core.sending.SendSummary;
import dev.pushregistry.functions.send.apns.ApnsSendHandler;
import dev.pushregistry.functions.send.fcm.FcmSendHandler;
import dev.pushregistry.local.services.LocalApns;
import dev.pushregistry.local.services.LocalFcm;
import dev.pushregistry.local.services.PushInbox;
import dev.pushregistry.local.services.Verdict;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.testing.FunctionEnvironments;
import dev.pushregistry.testing.LambdaInvocations;
import dev.pushregistry.testing.SendingHarness;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Sending in a deployment of two apps, through the senders wired from their environment as
 * deployed: each app's pushes signed with its own credentials, each APNs token sent to the endpoint
 * of its environment, and bad tokens judged per app and environment.
 */
class AppSendingTest {
    private static final String A = TestRegistry.APP;
    private static final String B = TestRegistry.OTHER_APP;
    private static final PushInbox INBOX = new PushInbox();
    private static LocalApns apns;
    private static LocalFcm fcm;

    private final SendingHarness harness = SendingHarness.create();
    private final FunctionEnvironments environments = new FunctionEnvironments(harness, Map.of());
    private final ApnsSendHandler apnsSender =
            new ApnsSendHandler(ApnsSendHandler.partsFrom(new Settings(environments.apnsSender(apns)), Clock.systemUTC()));
    private final FcmSendHandler fcmSender = new FcmSendHandler(FcmSendHandler.partsFrom(new Settings(environments.fcmSender(fcm)),
            Clock.systemUTC()));

    @BeforeAll
    static void startPushServices() {
        apns = LocalApns.start(INBOX, Clock.systemUTC());
        fcm = LocalFcm.start(0, INBOX, Clock.systemUTC());
    }

    @AfterAll
    static void stopPushServices() {
        try {
            apns.close();
        } finally {
            fcm.close();
        }
    }

    @AfterEach
    void stopSenders() {
        try {
            apnsSender.close();
            fcmSender.close();
        } finally {
            INBOX.clear();
            harness.registry.assertConsistent();
        }
    }

    private String device(String app, String person, Platform platform, ApnsEnvironment environment) {
        String token = platform == Platform.IOS ? Tokens.apns() : Tokens.fcm();
        harness.registry.devices().identify(new IdentifyCommand(person, new DeviceFields(app, token, platform, null,
                environment, true, null)), harness.registry.clock().instant());
        return token;
    }

    private SendSummary send(String requestId, List<String> people) {
        harness.submit("{\"request_id\":\"" + requestId + "\",\"person_ids\":["
                + people.stream().map(person -> "\"" + person + "\"").collect(Collectors.joining(","))
                + "],\"message\":{\"title\":\"Hi\"}}");
        harness.drain(harness.sendRequests, event -> harness.dispatchBatch().process(event, harness.registry.clock().instant()));
        harness.drain(harness.apnsDeliveries, event -> LambdaInvocations.invoke(apnsSender, "SendApnsFunction", event));
        harness.drain(harness.fcmDeliveries, event -> LambdaInvocations.invoke(fcmSender, "SendFcmFunction", event));
        return harness.summary(requestId);
    }

    private DeviceStatus status(String app, String token) {
        return harness.registry.store().findDevice(new DeviceAddress(app, token), harness.registry.clock().peek())
                .orElseThrow().status();
    }

    @Test
    void eachApnsTokenGoesToTheEndpointOfItsEnvironment() {
        String development = device(A, "pat", Platform.IOS, ApnsEnvironment.DEVELOPMENT);
        String production = device(A, "pat", Platform.IOS, null);
        INBOX.setVerdict(development, Verdict.DEVELOPMENT_TOKEN, null);

        SendSummary summary = send("environments", List.of("pat"));

        assertEquals(2, summary.counts().get("sent"), summary.toString());
        assertEquals("development", INBOX.pushes(development).get(0).environment());
        assertEquals("production", INBOX.pushes(production).get(0).environment());
        assertEquals(DeviceStatus.SENT, status(A, development));
    }

    @Test
    void developmentTokensRegisteredAsProductionAreAConfigurationErrorOfThatAppAloneAndBounceNothing() {
        List<String> misregistered = IntStream.range(0, 4).mapToObj(index -> {
            String token = device(A, "dev-" + index, Platform.IOS, null);
            INBOX.setVerdict(token, Verdict.DEVELOPMENT_TOKEN, null);
            return token;
        }).toList();
        String otherApp = device(B, "dev-0", Platform.IOS, null);
        INBOX.setVerdict(otherApp, Verdict.BAD_TOKEN, null);

        SendSummary summary = send("wrong-environment", List.of("dev-0", "dev-1", "dev-2", "dev-3"));

        misregistered.forEach(token -> assertEquals(DeviceStatus.UNUSED, status(A, token), "not the device's fault"));
        assertEquals(DeviceStatus.BOUNCED, status(B, otherApp), "app B's one bad token is its device's fault");
        assertEquals(4, summary.counts().get("failed"), summary.toString());
        assertEquals(1, summary.counts().get("bounced"), summary.toString());
        List<Message> deadLetters = harness.deadLetters(harness.apnsDlq);
        assertEquals(1, deadLetters.size());
        assertTrue(deadLetters.get(0).messageAttributes().toString().contains("app " + A + " (APNs production)"),
                deadLetters.get(0).messageAttributes().toString());
    }

    @Test
    void eachAppsPushesAreSignedWithItsOwnCredentials() {
        String iosA = device(A, "sam", Platform.IOS, null);
        String iosB = device(B, "sam", Platform.IOS, null);
        String androidA = device(A, "sam", Platform.ANDROID, null);
        String androidB = device(B, "sam", Platform.ANDROID, null);

        SendSummary summary = send("two-apps", List.of("sam"));

        assertEquals(4, summary.counts().get("sent"), summary.toString());
        Map<String, String> apnsSeen = new HashMap<>();
        for (String token : List.of(iosA, iosB)) {
            PushInbox.AcceptedPush push = INBOX.pushes(token).get(0);
            apnsSeen.put(push.appId(), push.headers().get("apns-topic") + " " + push.headers().get("key_id"));
        }
        assertEquals(Map.of(A, LocalApns.topicOf(A) + " " + LocalApns.keyIdOf(A),
                B, LocalApns.topicOf(B) + " " + LocalApns.keyIdOf(B)), apnsSeen);
        assertEquals(A, INBOX.pushes(androidA).get(0).appId(), "sent through app A's Firebase project");
        assertEquals(B, INBOX.pushes(androidB).get(0).appId());
    }

    @Test
    void theAppsFilterKeepsOnlyThoseAppsDevicesAndAnUnknownAppIsDeadLetteredWithItsReason() {
        String iosA = device(A, "kim", Platform.IOS, null);
        String iosB = device(B, "kim", Platform.IOS, null);
        harness.submit(SendingHarness.request("only-b", "kim", "\"apps\":[\"" + B + "\"]", "{\"title\":\"Hi\"}"));
        harness.submit(SendingHarness.request("unknown-app", "kim", "\"apps\":[\"kiosk\"]", "{\"title\":\"Hi\"}"));
        harness.drain(harness.sendRequests, event -> harness.dispatchBatch().process(event,
                harness.registry.clock().instant()));
        harness.drain(harness.apnsDeliveries, event -> LambdaInvocations.invoke(apnsSender, "SendApnsFunction", event));

        assertEquals(Map.of("targeted", 1, "sent", 1), nonZero(harness.summary("only-b")));
        assertEquals(DeviceStatus.SENT, status(B, iosB));
        assertEquals(DeviceStatus.UNUSED, status(A, iosA), "app A's device is not in the request's apps");
        List<Message> refused = harness.deadLetters(harness.sendRequestsDlq);
        assertEquals(1, refused.size());
        assertTrue(refused.get(0).messageAttributes().toString().contains("invalid_app"),
                refused.get(0).messageAttributes().toString());
    }

    private static Map<String, Integer> nonZero(SendSummary summary) {
        Map<String, Integer> counts = new HashMap<>();
        summary.counts().forEach((name, count) -> {
            if (count > 0) {
                counts.put(name, count);
            }
        });
        return counts;
    }

    @Test
    void anAppWhoseCredentialsAreMissingFailsItsOwnDeliveriesOnly() {
        Map<String, String> onlyA = new HashMap<>(environments.apnsSender(apns));
        onlyA.remove("APNS_CREDENTIALS_OTHER");
        String deliveredA = device(A, "lee", Platform.IOS, null);
        String stuckB = device(B, "lee", Platform.IOS, null);
        try (ApnsSendHandler withoutB = new ApnsSendHandler(ApnsSendHandler.partsFrom(new Settings(onlyA), Clock.systemUTC()))) {
            harness.submit(SendingHarness.request("missing", "lee", "", "{\"title\":\"Hi\"}"));
            harness.drain(harness.sendRequests, event -> harness.dispatchBatch().process(event,
                    harness.registry.clock().instant()));
            harness.drain(harness.apnsDeliveries, event -> LambdaInvocations.invoke(withoutB, "SendApnsFunction", event));
        }

        SendSummary summary = harness.summary("missing");
        assertEquals(1, summary.counts().get("sent"), summary.toString());
        assertEquals(1, summary.counts().get("failed"), summary.toString());
        assertEquals(DeviceStatus.SENT, status(A, deliveredA));
        assertEquals(DeviceStatus.UNUSED, status(B, stuckB));
        String reason = harness.deadLetters(harness.apnsDlq).get(0).messageAttributes().toString();
        assertTrue(reason.contains("APNS_CREDENTIALS_OTHER"), reason);
    }
}
