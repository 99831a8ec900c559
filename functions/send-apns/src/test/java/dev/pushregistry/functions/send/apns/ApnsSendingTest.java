package dev.pushregistry.functions.send.apns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.eatthepath.pushy.apns.ApnsClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.person.HistoryEventType;
import dev.pushregistry.core.sending.SendSummary;
import dev.pushregistry.local.services.LocalApns;
import dev.pushregistry.local.services.PushInbox;
import dev.pushregistry.local.services.Verdict;
import dev.pushregistry.queue.sqs.QueueBatch;
import dev.pushregistry.store.dynamodb.fixtures.DynamoDbLocal;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.testing.LambdaInvocations;
import dev.pushregistry.testing.MetricDocuments;
import dev.pushregistry.testing.SendingHarness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The APNs sender end to end: send requests dispatched from ElasticMQ into deliveries, pushed by
 * the real Pushy client over TLS to Pushy's MockApnsServer, verdicts written to DynamoDB Local.
 */
class ApnsSendingTest {
    private static final PushInbox INBOX = new PushInbox();
    private static LocalApns apns;
    private static ApnsClient client;
    private static ApnsGateway gateway;

    private final AtomicInteger deviceWrites = new AtomicInteger();
    /** Table calls that fail as if DynamoDB were down, for the tests about that. */
    private final AtomicReference<Predicate<SdkRequest>> tableTrouble = new AtomicReference<>(request -> false);
    private SendingHarness harness;
    private ApnsSendHandler handler;
    private MetricDocuments metrics;

    @BeforeAll
    static void startApns() {
        apns = LocalApns.start(INBOX, Clock.systemUTC());
        ApnsCredentials credentials = ApnsCredentials.parse(apns.credentialsJson(TestRegistry.APP));
        client = ApnsGateway.client(credentials, ApnsEnvironment.PRODUCTION, 2);
        gateway = new ApnsGateway(client, credentials.topic(), Clock.systemUTC());
    }

    @AfterAll
    static void stopApns() {
        try {
            gateway.close();
        } finally {
            apns.close();
        }
    }

    @BeforeEach
    void setUp() {
        INBOX.clear();
        harness = SendingHarness.create(TestRegistry.usingClient(DynamoDbLocal.server().newClient(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (tableTrouble.get().test(context.request())) {
                    throw SdkClientException.create("the table is unreachable (injected)");
                }
                if (context.request() instanceof TransactWriteItemsRequest transaction && transaction.transactItems()
                        .stream().anyMatch(item -> item.put() != null && item.put().item().get("PK").s().startsWith("TOKEN#"))) {
                    deviceWrites.incrementAndGet();
                }
                if (context.request() instanceof PutItemRequest put && put.item().get("PK").s().startsWith("TOKEN#")) {
                    deviceWrites.incrementAndGet();
                }
            }
        })));
        metrics = new MetricDocuments();
        handler = new ApnsSendHandler(ApnsSendHandler.Parts.of(harness.deliveryBatch(gateway, metrics.metrics()), harness.registry.clock()));
    }

    private SendSummary send(String requestId, String personId, String message) {
        harness.submit(SendingHarness.request(requestId, personId, "", message));
        dispatch();
        harness.drain(harness.apnsDeliveries, event -> LambdaInvocations.invoke(handler, "SendApnsFunction", event));
        return harness.summary(requestId);
    }

    private void dispatch() {
        harness.drain(harness.sendRequests, event -> harness.dispatchBatch().process(event, harness.registry.clock().instant()));
    }

    private DeviceStatus status(String token) {
        return harness.registry.device(token).orElseThrow().status();
    }

    @Test
    void acceptedPushCarriesEveryFieldAndMarksTheDeviceSent() {
        String token = harness.registry.identifiedIosDevice("ada");
        SendSummary summary = send("r1", "ada", "{\"title\":\"Hi\",\"body\":\"Cart\",\"deep_link\":\"shop://cart/7\","
                + "\"image_url\":\"https://img.example/a.png\",\"data\":{\"cart_id\":\"7\"},\"badge\":3,"
                + "\"sound\":\"default\",\"collapse_key\":\"cart-7\",\"thread_id\":\"carts\",\"category\":\"CART\","
                + "\"ttl_seconds\":3600,\"priority\":\"high\"}");

        assertEquals("done", summary.state());
        assertEquals(1, summary.count("targeted"));
        assertEquals(1, summary.count("sent"));
        assertEquals(DeviceStatus.SENT, status(token));
        List<PushInbox.AcceptedPush> pushes = INBOX.pushes(token);
        assertEquals(1, pushes.size());
        JsonNode payload = pushes.get(0).payload();
        JsonNode aps = payload.get("aps");
        assertEquals("Hi", aps.get("alert").get("title").asText());
        assertEquals("Cart", aps.get("alert").get("body").asText());
        assertEquals(3, aps.get("badge").asInt());
        assertEquals("default", aps.get("sound").asText());
        assertEquals("carts", aps.get("thread-id").asText());
        assertEquals("CART", aps.get("category").asText());
        assertEquals(1, aps.get("mutable-content").asInt());
        assertEquals("shop://cart/7", payload.get("deep_link").asText());
        assertEquals("https://img.example/a.png", payload.get("image_url").asText());
        assertEquals("7", payload.get("cart_id").asText());
        assertEquals("alert", pushes.get(0).headers().get("apns-push-type"));
        assertEquals("10", pushes.get(0).headers().get("apns-priority"));
        assertEquals("cart-7", pushes.get(0).headers().get("apns-collapse-id"));
        assertEquals(LocalApns.topicOf(TestRegistry.APP), pushes.get(0).headers().get("apns-topic"));
        long expiration = Long.parseLong(pushes.get(0).headers().get("apns-expiration"));
        assertTrue(Math.abs(expiration - (Instant.now().getEpochSecond() + 3600)) < 120, "expires in an hour");
        harness.registry.assertConsistent();
    }

    @Test
    void backgroundPushIsSilentAndReachesDevicesWithNotificationsOff() {
        String token = harness.registry.identifiedIosDevice("bo");
        harness.registry.devices().register(new dev.pushregistry.core.registry.RegisterCommand(
                new dev.pushregistry.core.registry.DeviceFields(TestRegistry.APP, token, null, null, null, false, null), null),
                harness.registry.clock().instant());

        SendSummary visible = send("visible", "bo", "{\"title\":\"Hi\"}");
        SendSummary silent = send("silent", "bo", "{\"background\":true,\"data\":{\"sync\":\"1\"}}");

        assertEquals(0, visible.count("targeted"));
        assertEquals(1, visible.count("skipped_push_disabled"));
        assertEquals(1, silent.count("sent"));
        PushInbox.AcceptedPush push = INBOX.pushes(token).get(0);
        assertEquals(1, push.payload().get("aps").get("content-available").asInt());
        assertFalse(push.payload().get("aps").has("alert"));
        assertEquals("background", push.headers().get("apns-push-type"));
        assertEquals("5", push.headers().get("apns-priority"));
        long expiration = Long.parseLong(push.headers().get("apns-expiration"));
        assertTrue(Math.abs(expiration - Instant.now().plus(ApnsGateway.DEFAULT_LIFETIME).getEpochSecond()) < 120,
                "without ttl_seconds APNs keeps the push as long as FCM would (28 days), not 0");
    }

    @Test
    void aSteadyStateSendToSentDevicesWritesNoDevice() {
        String token = harness.registry.identifiedIosDevice("cy");
        send("first", "cy", "{\"title\":\"1\"}");
        int writesAfterFirst = deviceWrites.get();

        SendSummary second = send("second", "cy", "{\"title\":\"2\"}");

        assertEquals(1, second.count("sent"));
        assertEquals(DeviceStatus.SENT, status(token));
        assertEquals(2, INBOX.pushes(token).size());
        assertEquals(writesAfterFirst, deviceWrites.get(), "no device write when the status stays sent");
    }

    @Test
    void unregisteredSinceAfterTheRegistrationDeletesTheDevice() {
        String token = harness.registry.identifiedIosDevice("di");
        INBOX.setVerdict(token, Verdict.UNREGISTERED, harness.registry.clock().peek().plus(Duration.ofHours(1)));

        SendSummary summary = send("r", "di", "{\"title\":\"Hi\"}");

        assertEquals(1, summary.count("deleted"));
        assertTrue(harness.registry.device(token).isEmpty());
        assertEquals(HistoryEventType.DELETED_UNREGISTERED,
                harness.registry.people().tokenHistory("di", harness.registry.clock().peek()).get(0).type());
        harness.registry.assertConsistent();
    }

    @Test
    void aTokenRegisteredAfterAppleDeclaredItInvalidSurvives() {
        String token = harness.registry.identifiedIosDevice("ed");
        INBOX.setVerdict(token, Verdict.UNREGISTERED, Instant.parse("2026-01-01T00:00:00Z"));

        SendSummary summary = send("r", "ed", "{\"title\":\"Hi\"}");

        assertEquals(1, summary.count("skipped_stale"));
        assertEquals(0, summary.count("deleted"));
        assertEquals(DeviceStatus.UNUSED, status(token));
    }

    @Test
    void badDeviceTokenBouncesThenSuppressesAndSuppressedDevicesAreSkipped() {
        String token = harness.registry.identifiedIosDevice("fi");
        INBOX.setVerdict(token, Verdict.BAD_TOKEN, null);

        assertEquals(1, send("one", "fi", "{\"title\":\"1\"}").count("bounced"));
        assertEquals(DeviceStatus.BOUNCED, status(token));
        assertEquals(1, send("two", "fi", "{\"title\":\"2\"}").count("suppressed"));
        assertEquals(DeviceStatus.SUPPRESSED, status(token));
        SendSummary third = send("three", "fi", "{\"title\":\"3\"}");

        assertEquals(0, third.count("targeted"));
        assertEquals(1, third.count("skipped_suppressed"));
        assertEquals("done", third.state());
        assertEquals(HistoryEventType.SUPPRESSED,
                harness.registry.people().tokenHistory("fi", harness.registry.clock().peek()).get(0).type());
        harness.registry.assertConsistent();
    }

    @ParameterizedTest
    @EnumSource(value = Verdict.class, names = {"TOO_MANY_REQUESTS", "UNAVAILABLE", "INTERNAL_ERROR"})
    void transientAnswersAreRetriedAndLeaveTheStatusAlone(Verdict trouble) {
        String token = harness.registry.identifiedIosDevice("gu");
        INBOX.setVerdict(token, trouble, null);
        harness.submit(SendingHarness.request("r", "gu", "", "{\"title\":\"Hi\"}"));
        dispatch();

        List<Message> first = harness.runOnce(harness.apnsDeliveries, event -> {
            SQSBatchResponse response = LambdaInvocations.invoke(handler, "SendApnsFunction", event);
            assertEquals(1, response.getBatchItemFailures().size(), "reported for retry");
            return response;
        });
        assertEquals(1, first.size());
        assertEquals(DeviceStatus.UNUSED, status(token));
        assertEquals("pending", harness.summary("r").state());

        INBOX.setVerdict(token, Verdict.ACCEPT, null);
        harness.drain(harness.apnsDeliveries, event -> LambdaInvocations.invoke(handler, "SendApnsFunction", event));

        assertEquals(DeviceStatus.SENT, status(token));
        assertEquals(1, harness.summary("r").count("sent"));
        assertEquals("done", harness.summary("r").state());
    }

    @Test
    void anInvocationWithTooLittleTimeLeftPushesNothingAndItsMessageIsTriedAgain() {
        String token = harness.registry.identifiedIosDevice("gt");
        harness.submit(SendingHarness.request("r", "gt", "", "{\"title\":\"Hi\"}"));
        dispatch();

        // a push may take 15 s and recording its outcome 10 s: 25 s left is too little for one
        List<Message> first = harness.runOnce(harness.apnsDeliveries, event -> {
            SQSBatchResponse response = LambdaInvocations.invoke(handler, "send-apns", Duration.ofSeconds(25), event);
            assertEquals(1, response.getBatchItemFailures().size(), "reported for retry");
            return response;
        });
        assertEquals(1, first.size());
        assertTrue(INBOX.pushes(token).isEmpty(), "nothing is pushed");
        assertEquals(1, metrics.sum("PushesDeferred", Map.of("Provider", "apns")));
        assertEquals("pending", harness.summary("r").state());

        harness.drain(harness.apnsDeliveries,
                event -> LambdaInvocations.invoke(handler, "send-apns", Duration.ofSeconds(60), event));

        assertEquals(1, INBOX.pushes(token).size());
        assertEquals(DeviceStatus.SENT, status(token));
        assertEquals("done", harness.summary("r").state());
        assertEquals(1, metrics.sum("PushesDeferred", Map.of("Provider", "apns")), "a minute is time enough");
    }

    @Test
    void transientTroubleBeyondTheBudgetIsDeadLetteredWithItsReason() {
        String token = harness.registry.identifiedIosDevice("ha");
        INBOX.setVerdict(token, Verdict.UNAVAILABLE, null);

        SendSummary summary = send("r", "ha", "{\"title\":\"Hi\"}");

        assertEquals("done", summary.state());
        assertEquals(1, summary.count("failed"));
        assertEquals(DeviceStatus.UNUSED, status(token));
        assertEquals(SendingHarness.MAX_ATTEMPTS, metrics.sum("PushesUnavailable", Map.of("Provider", "apns")));
        assertEquals(0, metrics.sum("ConfigurationErrors", Map.of()));
        assertEquals(1, metrics.sum("Pushes", Map.of("Provider", "apns", "Outcome", "failed")));
        assertEquals(SendingHarness.MAX_ATTEMPTS - 1, metrics.sum("MessagesRetried", Map.of()));
        assertEquals(1, metrics.sum("DeadLetters", Map.of()));
        List<Message> dead = harness.deadLetters(harness.apnsDlq);
        assertEquals(1, dead.size());
        String reason = dead.get(0).messageAttributes().get(QueueBatch.REASON_ATTRIBUTE).stringValue();
        assertTrue(reason.contains("retry budget spent") && reason.contains("ServiceUnavailable"), reason);
        assertEquals(Integer.toString(SendingHarness.MAX_ATTEMPTS),
                dead.get(0).messageAttributes().get(QueueBatch.ATTEMPTS_ATTRIBUTE).stringValue());
    }

    /** Whether the call records {@code outcome} for a delivery (in its group's record). */
    private static boolean writesOutcome(SdkRequest request, String outcome) {
        String code = switch (outcome) {
            case "sent" -> "s";
            case "failed" -> "f";
            default -> throw new IllegalArgumentException(outcome);
        };
        return request instanceof UpdateItemRequest update && update.updateExpression().contains("#outcomes = :outcomes")
                && update.expressionAttributeValues().get(":outcomes").s().contains(code);
    }

    @Test
    void whenTheOutcomeCannotBeWrittenOnAnyAttemptTheDeliveryStillEndsFailed() {
        String token = harness.registry.identifiedIosDevice("hb");
        tableTrouble.set(request -> writesOutcome(request, "sent"));

        SendSummary summary = send("r", "hb", "{\"title\":\"Hi\"}");

        assertEquals("done", summary.state(), "the summary finishes");
        assertEquals(1, summary.count("failed"));
        List<Message> dead = harness.deadLetters(harness.apnsDlq);
        assertEquals(1, dead.size());
        String reason = dead.get(0).messageAttributes().get(QueueBatch.REASON_ATTRIBUTE).stringValue();
        assertTrue(reason.startsWith("retry budget spent: could not record the outcome"), reason);
        assertEquals(1, INBOX.pushes(token).size(), "pushed once; the later attempts only tried to record it");
    }

    @Test
    void aPushWhoseOutcomeCouldNotBeWrittenIsRecordedLaterWithoutPushingAgain() {
        String token = harness.registry.identifiedIosDevice("hd");
        AtomicInteger sentWrites = new AtomicInteger();
        tableTrouble.set(request -> writesOutcome(request, "sent") && sentWrites.getAndIncrement() == 0);

        SendSummary summary = send("r", "hd", "{\"title\":\"Hi\"}");

        assertEquals(2, sentWrites.get(), "the first outcome write failed, the follow-up's went through");
        assertEquals(1, INBOX.pushes(token).size(), "pushed exactly once");
        assertEquals("done", summary.state());
        assertEquals(1, summary.count("sent"));
        assertEquals(DeviceStatus.SENT, status(token));
        assertTrue(harness.deadLetters(harness.apnsDlq).isEmpty());
    }

    @Test
    void whenTheWholeBatchFailsOnItsLastAttemptTheDeliveryStillEndsFailed() {
        String token = harness.registry.identifiedIosDevice("hc");
        harness.submit(SendingHarness.request("r", "hc", "", "{\"title\":\"Hi\"}"));
        dispatch();
        tableTrouble.set(request -> request instanceof BatchGetItemRequest);

        harness.drain(harness.apnsDeliveries, event -> LambdaInvocations.invoke(handler, "SendApnsFunction", event));
        SendSummary summary = harness.summary("r");

        assertEquals("done", summary.state());
        assertEquals(1, summary.count("failed"));
        assertEquals(1, harness.deadLetters(harness.apnsDlq).size());
        assertTrue(INBOX.pushes(token).isEmpty(), "nothing was pushed without reading the device");
        assertEquals(DeviceStatus.UNUSED, status(token));
    }

    @Test
    void aConfigurationErrorFailsLoudlyWithoutBouncingTheDevice() {
        String token = harness.registry.identifiedIosDevice("io");
        INBOX.setVerdict(token, Verdict.MISCONFIGURED, null);

        SendSummary summary = send("r", "io", "{\"title\":\"Hi\"}");

        assertEquals(1, summary.count("failed"));
        assertEquals(DeviceStatus.UNUSED, status(token));
        assertEquals(1, metrics.sumExactly("ConfigurationErrors", Map.of("Provider", "apns")));
        assertEquals(1, metrics.sumExactly("ConfigurationErrors", Map.of("Provider", "apns", "App", TestRegistry.APP)),
                "named by the app whose credentials were refused");
        assertEquals(1, metrics.sum("Pushes", Map.of("Provider", "apns", "Outcome", "failed")));
        List<Message> dead = harness.deadLetters(harness.apnsDlq);
        assertEquals(1, dead.size());
        assertTrue(dead.get(0).messageAttributes().get(QueueBatch.REASON_ATTRIBUTE).stringValue().contains("BadTopic"));
        assertEquals("1", dead.get(0).messageAttributes().get(QueueBatch.ATTEMPTS_ATTRIBUTE).stringValue(),
                "dead-lettered at once, not retried");
    }

    @Test
    void mostTokensOfABatchRefusedAsBadIsReadAsTheWrongEnvironment() {
        List<String> tokens = List.of(harness.registry.identifiedIosDevice("ju"),
                harness.registry.identifiedIosDevice("ju"), harness.registry.identifiedIosDevice("ju"),
                harness.registry.identifiedIosDevice("ju"));
        INBOX.setDefaultVerdict(Verdict.BAD_TOKEN);

        SendSummary summary = send("r", "ju", "{\"title\":\"Hi\"}");

        assertEquals(4, summary.count("failed"));
        assertEquals(0, summary.count("bounced"));
        assertEquals(4, metrics.sumExactly("ConfigurationErrors", Map.of("Provider", "apns")));
        assertEquals(0, metrics.sum("Pushes", Map.of("Provider", "apns", "Outcome", "bounced")));
        assertEquals(1, metrics.sum("DeadLetters", Map.of()));
        tokens.forEach(token -> assertEquals(DeviceStatus.UNUSED, status(token)));
        List<Message> dead = harness.deadLetters(harness.apnsDlq);
        assertEquals(1, dead.size(), "the person's four devices travel in one group");
        assertTrue(dead.get(0).messageAttributes().get(QueueBatch.REASON_ATTRIBUTE).stringValue()
                .contains("4 of 4 tokens"));
    }

    @Test
    void aDeliveryQueuedTwiceIsPushedOnceAndCountedOnce() {
        String token = harness.registry.identifiedIosDevice("ka");
        harness.submit(SendingHarness.request("r", "ka", "", "{\"title\":\"Hi\"}"));
        dispatch();
        Message delivery = dev.pushregistry.queue.sqs.fixtures.LocalSqs.server().client()
                .receiveMessage(receive -> receive.queueUrl(harness.apnsDeliveries).visibilityTimeout(0)).messages().get(0);
        harness.put(harness.apnsDeliveries, delivery.body());

        harness.drain(harness.apnsDeliveries, event -> LambdaInvocations.invoke(handler, "SendApnsFunction", event));

        assertEquals(1, INBOX.pushes(token).size());
        SendSummary summary = harness.summary("r");
        assertEquals(1, summary.count("targeted"));
        assertEquals(1, summary.count("sent"));
        assertEquals(0, harness.depth(harness.apnsDeliveries));
    }

    @Test
    void aBounceDeliveredTwiceIsCountedOnce() {
        String token = harness.registry.identifiedIosDevice("lea");
        INBOX.setVerdict(token, Verdict.BAD_TOKEN, null);
        harness.submit(SendingHarness.request("r", "lea", "", "{\"title\":\"Hi\"}"));
        dispatch();
        Message delivery = dev.pushregistry.queue.sqs.fixtures.LocalSqs.server().client()
                .receiveMessage(receive -> receive.queueUrl(harness.apnsDeliveries).visibilityTimeout(0)).messages().get(0);
        harness.drain(harness.apnsDeliveries, event -> LambdaInvocations.invoke(handler, "SendApnsFunction", event));
        harness.put(harness.apnsDeliveries, delivery.body());
        harness.drain(harness.apnsDeliveries, event -> LambdaInvocations.invoke(handler, "SendApnsFunction", event));

        assertEquals(DeviceStatus.BOUNCED, status(token), "one failure, not two in a row");
        assertEquals(1, harness.summary("r").count("bounced"));
        assertEquals(0, harness.summary("r").count("suppressed"));
    }

    @Test
    void aDeviceSuppressedBetweenDispatchAndPushIsNotPushed() {
        String token = harness.registry.identifiedIosDevice("max");
        harness.submit(SendingHarness.request("r", "max", "", "{\"title\":\"Hi\"}"));
        dispatch();
        harness.registry.setStatus(token, DeviceStatus.SUPPRESSED);

        harness.drain(harness.apnsDeliveries, event -> LambdaInvocations.invoke(handler, "SendApnsFunction", event));

        assertTrue(INBOX.pushes(token).isEmpty());
        assertEquals(1, harness.summary("r").count("skipped_suppressed"));
        assertEquals("done", harness.summary("r").state());
    }
}
