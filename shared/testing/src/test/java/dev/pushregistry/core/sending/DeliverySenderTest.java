package dev.pushregistry.core.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.fixtures.AnsweringGateway;
import dev.pushregistry.queue.sqs.DeliveryMessages;
import dev.pushregistry.store.dynamodb.DynamoDbSendStore;
import dev.pushregistry.testing.DynamoDbLocal;
import dev.pushregistry.testing.TestRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** The sender's bookkeeping for delivery groups: claims, copies, and the table failing part-way. */
class DeliverySenderTest {
    private static final PushMessage HI = PushMessage.builder().title("Hi").build();

    /** Device status writes that fail, by token. */
    private final Set<String> failingDevices = ConcurrentHashMap.newKeySet();
    /** Device reads that fail, by token. */
    private final Set<String> failingReads = ConcurrentHashMap.newKeySet();
    /** Claims that fail, by group sort key. */
    private final Set<String> failingClaims = ConcurrentHashMap.newKeySet();
    /** How many more group outcome writes fail. */
    private final AtomicInteger failingRecords = new AtomicInteger();
    private final TestRegistry registry = TestRegistry.usingClient(DynamoDbLocal.server().newClient(new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof UpdateItemRequest update && update.key().get("SK").s().startsWith("GROUP#")) {
                if (update.updateExpression().startsWith("SET #claim") && failingClaims.contains(update.key().get("SK").s())) {
                    throw SdkClientException.create("table unreachable");
                }
                if (update.updateExpression().contains("#outcomes = :outcomes") && failingRecords.getAndDecrement() > 0) {
                    throw SdkClientException.create("table unreachable");
                }
            }
            if (context.request() instanceof BatchGetItemRequest read && read.requestItems().values().stream()
                    .flatMap(keys -> keys.keys().stream())
                    .anyMatch(key -> failingReads.stream().anyMatch(token -> key.get("PK").s().equals("TOKEN#" + token)))) {
                throw SdkClientException.create("table unreachable");
            }
            if (context.request() instanceof PutItemRequest put
                    && failingDevices.stream().anyMatch(token -> put.item().get("PK").s().equals("TOKEN#" + token))) {
                throw SdkClientException.create("table unreachable");
            }
        }
    }));
    private final DynamoDbSendStore sends =
            new DynamoDbSendStore(registry.client(), registry.table(), registry.store(), Duration.ofDays(1));
    private final List<String> pushed = new ArrayList<>();
    private final Map<String, PushResult> answers = new ConcurrentHashMap<>();
    private final PushGateway gateway = AnsweringGateway.apns(delivery -> {
        synchronized (pushed) {
            pushed.add(delivery.token());
        }
        return answers.getOrDefault(delivery.token(), new PushResult.Accepted());
    });
    private final DeliverySender sender = new DeliverySender(registry.store(), sends, gateway, SenderSettings.DEFAULTS);

    /** Plans group {@code number} of request "r" for the tokens' devices, as dispatch would. */
    private DeliveryGroup planned(int number, String... tokens) {
        Instant now = registry.clock().instant();
        List<DeliveryGroup.Slot> slots = new ArrayList<>();
        for (String token : tokens) {
            Device device = registry.store().findDevice(TestRegistry.at(token), now).orElseThrow();
            slots.add(new DeliveryGroup.Slot(slots.size(), Delivery.plan("r", device, HI)));
        }
        assertTrue(sends.planGroup(GroupRecord.planned("r", number, slots.get(0).delivery().provider(),
                TestRegistry.APP, HI, List.of(tokens)), now).isEmpty());
        sends.markDispatched("r", Map.of(), now);
        return new DeliveryGroup("r", number, slots.get(0).delivery().provider(), TestRegistry.APP, HI, slots);
    }

    private Map<String, MessageOutcome> send(QueuedGroup... messages) {
        return sender.send(List.of(messages), registry.clock().instant());
    }

    private DeviceStatus status(String token) {
        return registry.device(token).orElseThrow().status();
    }

    private SendSummary summary() {
        return sends.findSummary("r").orElseThrow();
    }

    /** What the queue would deliver for a hand-over's follow-up. */
    private static QueuedGroup followUp(MessageOutcome handOver, String messageId) {
        assertEquals(MessageOutcome.Disposition.HAND_OVER, handOver.disposition(), handOver.toString());
        return DeliveryMessages.read(messageId, DeliveryMessages.writeFollowUp(handOver.followUp()), false,
                TestRegistry.APP);
    }

    /** Group 0 of request "r" as someone with the queue's SendMessage might write it. */
    private DeliveryGroup forged(PushMessage message, int index, String token) {
        Device device = registry.store().findDevice(TestRegistry.at(token), registry.clock().instant()).orElseThrow();
        return new DeliveryGroup("r", 0, device.provider(), TestRegistry.APP, message,
                List.of(new DeliveryGroup.Slot(index, Delivery.plan("r", device, message))));
    }

    @Test
    void aGroupMessageDispatchDidNotPlanIsNeverPushedAndThePlannedOneStillIs() {
        String ann = registry.identifiedIosDevice("ann");
        String mallory = registry.identifiedIosDevice("mallory");
        DeliveryGroup group = planned(0, ann);
        PushMessage prize = PushMessage.builder().title("You won").body("claim it at evil.example").build();

        Map<String, MessageOutcome> outcomes = send(new QueuedGroup("forged-device", forged(HI, 0, mallory), false),
                new QueuedGroup("forged-message", forged(prize, 0, ann), false),
                new QueuedGroup("forged-place", forged(HI, 5, ann), false));

        assertEquals(List.of(), pushed, "nothing forged is pushed");
        outcomes.forEach((message, outcome) -> {
            assertEquals(MessageOutcome.Disposition.DEAD_LETTER, outcome.disposition(), message);
            assertTrue(outcome.reason().startsWith("not_planned: "), outcome.reason());
        });
        assertTrue(outcomes.get("forged-message").reason().contains("message"), outcomes.get("forged-message").reason());
        assertEquals(0, sender.giveUp(new QueuedGroup("forged-given-up", forged(prize, 0, ann), true), "spent",
                registry.clock().instant()), "a forged message records no failure either");

        Map<String, MessageOutcome> withTheRealOne = send(new QueuedGroup("forged-again", forged(prize, 0, ann), false),
                new QueuedGroup("planned", group, false));
        assertEquals(MessageOutcome.Disposition.DONE, withTheRealOne.get("planned").disposition(),
                "a forged copy in the same batch takes nothing from the planned message");
        assertEquals(MessageOutcome.Disposition.DEAD_LETTER, withTheRealOne.get("forged-again").disposition());
        assertEquals(List.of(ann), pushed);
        assertEquals(1, summary().count("sent"));
        assertEquals(0, summary().count("failed"));
    }

    @Test
    void aRehearsalBuildsEveryPushOfTheGroupAndClaimsRecordsAndChangesNothing() {
        String ann = registry.identifiedIosDevice("ann");
        String bob = registry.identifiedIosDevice("bob");
        DeliveryGroup group = planned(0, ann, bob);
        List<String> built = new ArrayList<>();
        DeliverySender rehearsing = new DeliverySender(registry.store(), sends,
                PushGateway.rehearsal(Provider.APNS, delivery -> built.add(delivery.token())), SenderSettings.DEFAULTS);

        rehearsing.rehearse(new QueuedGroup("m1", group, false), registry.clock().instant());

        assertEquals(List.of(ann, bob), built);
        assertEquals(DeviceStatus.UNUSED, status(ann), "no verdict is applied");
        assertEquals(0, summary().count("sent"), "no outcome is recorded");
        send(new QueuedGroup("m2", group, false));
        assertEquals(List.of(ann, bob), pushed, "the group was not claimed: a real send pushes it");
    }

    @Test
    @Timeout(60) // without the push timeout the batch would wait for Bob's answer for ever
    void aPushLeftUnansweredPastItsTimeIsTriedAgainLaterWhileTheRestOfTheBatchIsRecorded() {
        String ann = registry.identifiedIosDevice("ann");
        String bob = registry.identifiedIosDevice("bob");
        DeliveryGroup group = planned(0, ann, bob);
        CompletableFuture<PushResult> neverAnswered = new CompletableFuture<>();
        PushGateway silentForBob = new PushGateway() {
            @Override
            public Provider provider() {
                return Provider.APNS;
            }

            @Override
            public CompletableFuture<PushResult> push(Delivery delivery) {
                return delivery.token().equals(bob) ? neverAnswered : gateway.push(delivery);
            }
        };
        SenderSettings briefTimeout = new SenderSettings(100, Duration.ofMillis(200), 3, 16);

        MessageOutcome outcome = new DeliverySender(registry.store(), sends, silentForBob, briefTimeout)
                .send(List.of(new QueuedGroup("m1", group, false)), registry.clock().instant()).get("m1");

        assertEquals(MessageOutcome.Disposition.RETRY, outcome.disposition());
        assertEquals("no answer from the push service in time", outcome.reason());
        assertTrue(neverAnswered.isCompletedExceptionally(), "the push itself is given up");
        assertEquals(DeviceStatus.SENT, status(ann));
        assertEquals(DeviceStatus.UNUSED, status(bob), "nothing is concluded from a push without an answer");
        assertEquals(1, summary().count("sent"));
        assertEquals(MessageOutcome.Disposition.DONE, send(new QueuedGroup("m1", group, false)).get("m1").disposition());
        assertEquals(List.of(ann, bob), pushed, "the message tried again pushes only what had no answer");
        assertEquals(2, summary().count("sent"));
    }

    @Test
    void whenTheInvocationsTimeRunsShortNoMorePushesStartAndTheUnpushedAreTriedAgainLater() {
        String ann = registry.identifiedIosDevice("ann");
        String bob = registry.identifiedIosDevice("bob");
        String cid = registry.identifiedIosDevice("cid");
        String dan = registry.identifiedIosDevice("dan");
        QueuedGroup first = new QueuedGroup("m1", planned(0, ann, bob, cid), false);
        QueuedGroup second = new QueuedGroup("m2", planned(1, dan), false);
        // a push may take 15 s and recording 10 s: with 25 s or less left, no push may start
        AtomicLong millisLeft = new AtomicLong(60_000);
        PushGateway slowingDown = AnsweringGateway.apns(delivery -> {
            PushResult answer = gateway.push(delivery).join();
            if (delivery.token().equals(bob)) {
                millisLeft.set(25_000);
            }
            return answer;
        });

        BatchSending sending = new DeliverySender(registry.store(), sends, slowingDown, SenderSettings.DEFAULTS)
                .start(registry.clock().instant(), millisLeft::get);
        sending.add(first);
        sending.add(second);
        Map<String, MessageOutcome> outcomes = sending.finish();

        assertEquals(List.of(ann, bob), pushed, "no push starts once the time left is a push's timeout and recording's");
        for (String message : List.of("m1", "m2")) {
            assertEquals(MessageOutcome.Disposition.RETRY, outcomes.get(message).disposition(), message);
            assertEquals("the invocation's time ran short before this push", outcomes.get(message).reason(), message);
        }
        assertEquals(2, sending.report().deferred());
        assertEquals(2, summary().count("sent"), "what was pushed is recorded before the invocation ends");
        assertEquals(DeviceStatus.UNUSED, status(cid));

        Map<String, MessageOutcome> again = send(first, second);

        assertEquals(MessageOutcome.Disposition.DONE, again.get("m1").disposition());
        assertEquals(MessageOutcome.Disposition.DONE, again.get("m2").disposition());
        assertEquals(List.of(ann, bob, cid, dan), pushed, "the messages tried again push only what was left");
        assertEquals(4, summary().count("sent"));
        assertEquals("done", summary().state());
    }

    @Test
    void aDeviceChangeThatCannotBeWrittenIsHandedOverAndTheFollowUpRecordsItWithoutPushingAgain() {
        String failing = registry.identifiedIosDevice("ann");
        String fine = registry.identifiedIosDevice("ann");
        DeliveryGroup group = planned(0, failing, fine);
        failingDevices.add(failing);

        MessageOutcome first = send(new QueuedGroup("m1", group, false)).get("m1");

        assertEquals(DeviceStatus.UNUSED, status(failing));
        assertEquals(DeviceStatus.SENT, status(fine));
        assertEquals(1, summary().count("sent"), "what could be written is recorded at once");
        assertEquals("pending", summary().state());

        failingDevices.clear();
        QueuedGroup recording = followUp(first, "m2");
        assertEquals(1, recording.group().slots().size(), "only the unwritten delivery is left");
        assertEquals(MessageOutcome.Disposition.DONE, send(recording).get("m2").disposition());

        assertEquals(DeviceStatus.SENT, status(failing));
        assertEquals(2, summary().count("sent"));
        assertEquals("done", summary().state());
        assertEquals(List.of(failing, fine), pushed, "each device pushed once: the follow-up only records");
        registry.assertConsistent();
    }

    @Test
    void outcomesThatCannotBeRecordedAreHandedOverAndABounceIsNotCountedTwice() {
        String refused = registry.identifiedIosDevice("bea");
        String fine = registry.identifiedIosDevice("bea");
        String skipped = registry.identifiedIosDevice("bea");
        answers.put(refused, new PushResult.BadToken("BadDeviceToken"));
        registry.setStatus(skipped, DeviceStatus.SUPPRESSED);
        DeliveryGroup group = planned(0, refused, fine, skipped);
        failingRecords.set(1);

        MessageOutcome first = send(new QueuedGroup("m1", group, false)).get("m1");

        assertEquals(DeviceStatus.BOUNCED, status(refused), "the device change was written");
        assertEquals(3, summary().pending(), "nothing recorded yet");
        QueuedGroup recording = followUp(first, "m2");
        assertEquals(MessageOutcome.Disposition.DONE, send(recording).get("m2").disposition());

        assertEquals(DeviceStatus.BOUNCED, status(refused), "bounced once, not suppressed by the follow-up");
        SendSummary summary = summary();
        assertEquals(1, summary.count("bounced"));
        assertEquals(1, summary.count("sent"));
        assertEquals(1, summary.count("skipped_suppressed"));
        assertEquals("done", summary.state());
        assertEquals(List.of(refused, fine), pushed, "pushed once each; the suppressed device never");
        registry.assertConsistent();
    }

    @Test
    void aMessageRedeliveredAfterItsSenderDiedNeitherPushesNorBouncesAgainWhatItsDeviceChangesRecord() {
        String refused = registry.identifiedIosDevice("bo");
        String fine = registry.identifiedIosDevice("bo");
        answers.put(refused, new PushResult.BadToken("BadDeviceToken"));
        DeliveryGroup group = planned(0, refused, fine);
        failingRecords.set(Integer.MAX_VALUE);
        send(new QueuedGroup("m1", group, false));
        assertEquals(DeviceStatus.BOUNCED, status(refused));
        assertEquals(DeviceStatus.SENT, status(fine));
        failingRecords.set(0);

        // the sender died before its hand-over: SQS delivers the same message again
        assertEquals(MessageOutcome.Disposition.DONE, send(new QueuedGroup("m1", group, false)).get("m1").disposition());

        assertEquals(List.of(refused, fine), pushed, "the device changes show that both were pushed already");
        assertEquals(DeviceStatus.BOUNCED, status(refused), "one failure, not two in a row");
        assertEquals(1, summary().count("bounced"));
        assertEquals(1, summary().count("sent"));
        assertEquals("done", summary().state());
        registry.assertConsistent();
    }

    @Test
    void aClaimThatCannotBeWrittenRetriesOnlyItsOwnMessageAndNothingIsPushedForIt() {
        String unclaimable = registry.identifiedIosDevice("cy");
        String fine = registry.identifiedIosDevice("cy");
        DeliveryGroup first = planned(0, unclaimable);
        DeliveryGroup second = planned(1, fine);
        failingClaims.add("GROUP#000000");

        Map<String, MessageOutcome> reports = send(new QueuedGroup("m1", first, false), new QueuedGroup("m2", second, false));

        assertEquals(MessageOutcome.Disposition.RETRY, reports.get("m1").disposition());
        assertEquals(MessageOutcome.Disposition.DONE, reports.get("m2").disposition());
        assertEquals(List.of(fine), pushed, "nothing pushed without a claim");
        assertEquals(DeviceStatus.UNUSED, status(unclaimable));

        failingClaims.clear();
        assertEquals(MessageOutcome.Disposition.DONE, send(new QueuedGroup("m1", first, false)).get("m1").disposition());

        assertEquals(List.of(fine, unclaimable), pushed, "each device pushed once");
        assertEquals(2, summary().count("sent"));
        registry.assertConsistent();
    }

    @Test
    void aGroupWhoseDevicesCannotBeReadIsNeitherClaimedNorPushedAndOnlyItsMessageIsRetried() {
        String unreadable = registry.identifiedIosDevice("di");
        String fine = registry.identifiedIosDevice("di");
        DeliveryGroup first = planned(0, unreadable);
        DeliveryGroup second = planned(1, fine);
        failingReads.add(unreadable);

        Map<String, MessageOutcome> reports = send(new QueuedGroup("m1", first, false), new QueuedGroup("m2", second, false));

        assertEquals(MessageOutcome.Disposition.RETRY, reports.get("m1").disposition());
        assertEquals(MessageOutcome.Disposition.DONE, reports.get("m2").disposition());
        assertEquals(List.of(fine), pushed);

        failingReads.clear();
        assertEquals(MessageOutcome.Disposition.DONE, send(new QueuedGroup("copy", first, false)).get("copy").disposition());

        assertEquals(List.of(fine, unreadable), pushed, "no claim held the group: another copy of it sends it");
        assertEquals(2, summary().count("sent"));
        registry.assertConsistent();
    }

    @Test
    void aCopyOfAGroupAnotherMessageHoldsPushesNothingAndTheHolderFinishesItsOwnWork() {
        String token = registry.identifiedIosDevice("dee");
        DeliveryGroup group = planned(0, token);
        assertEquals(SendStore.Claim.CLAIMED, sends.claim("r", 0, "m1", registry.clock().instant()).claim(),
                "m1 took the group and was cut off before pushing");

        assertEquals(MessageOutcome.Disposition.DONE, send(new QueuedGroup("copy", group, false)).get("copy").disposition());
        assertTrue(pushed.isEmpty(), "a copy never pushes a group another message holds");

        assertEquals(MessageOutcome.Disposition.DONE, send(new QueuedGroup("m1", group, false)).get("m1").disposition());
        assertEquals(List.of(token), pushed, "the holder, redelivered, finishes its own work");
        assertEquals(MessageOutcome.Disposition.DONE, send(new QueuedGroup("late", group, false)).get("late").disposition());
        assertEquals(List.of(token), pushed, "a decided group is pushed no more");
        assertEquals(1, summary().count("sent"));
    }

    @Test
    void aFailedDeliveryIsSentAgainByAnotherMessageButNotByItsOwnRedelivery() {
        String misconfigured = registry.identifiedIosDevice("eve");
        String transientTrouble = registry.identifiedIosDevice("eve");
        String fine = registry.identifiedIosDevice("eve");
        DeliveryGroup group = planned(0, misconfigured, transientTrouble, fine);
        answers.put(misconfigured, new PushResult.Misconfigured("BadTopic"));
        answers.put(transientTrouble, new PushResult.Unavailable("ServiceUnavailable"));

        MessageOutcome first = send(new QueuedGroup("m1", group, false)).get("m1");

        assertEquals(MessageOutcome.Disposition.RETRY, first.disposition(), "the transient one comes back");
        assertEquals(1, summary().count("failed"));
        assertEquals(1, summary().count("sent"));
        answers.clear();
        MessageOutcome again = send(new QueuedGroup("m1", group, false)).get("m1");

        assertEquals(MessageOutcome.Disposition.DEAD_LETTER, again.disposition());
        assertTrue(again.reason().contains("BadTopic"), again.reason());
        assertEquals(List.of(misconfigured, transientTrouble, fine, transientTrouble), pushed,
                "the redelivered message pushes only what it has not decided");

        MessageOutcome redriven = send(new QueuedGroup("from-dlq", group, false)).get("from-dlq");

        assertEquals(MessageOutcome.Disposition.DONE, redriven.disposition());
        assertEquals(misconfigured, pushed.get(pushed.size() - 1), "moved back from the dead letters, the failure is sent again");
        assertEquals(5, pushed.size());
        assertEquals(3, summary().count("sent"));
        assertEquals(0, summary().count("failed"));
    }

    @Test
    void aGroupOnItsLastAttemptGivesUpItsUndecidedDeliveriesAsFailed() {
        String token = registry.identifiedIosDevice("fay");
        String fine = registry.identifiedIosDevice("fay");
        DeliveryGroup group = planned(0, token, fine);
        failingClaims.add("GROUP#000000");
        QueuedGroup last = new QueuedGroup("m1", group, true);
        assertEquals(MessageOutcome.Disposition.RETRY, send(last).get("m1").disposition());
        failingClaims.clear();

        sender.giveUp(last, "retry budget spent: table unreachable", registry.clock().instant());

        SendSummary summary = summary();
        assertEquals(2, summary.count("failed"));
        assertEquals("done", summary.state(), "the send still finishes");
        assertTrue(pushed.isEmpty());
    }

    @Test
    void answersAreJudgedAcrossTheBatchSoABadEnvironmentBouncesNoDevice() {
        List<String> tokens = new ArrayList<>();
        for (int person = 0; person < 4; person++) {
            tokens.add(registry.identifiedIosDevice("gus-" + person));
        }
        tokens.forEach(token -> answers.put(token, new PushResult.BadToken("BadDeviceToken")));
        Function<Integer, QueuedGroup> message = number -> new QueuedGroup("m" + number,
                planned(number, tokens.get(number)), false);

        Map<String, MessageOutcome> reports = send(message.apply(0), message.apply(1), message.apply(2), message.apply(3));

        reports.values().forEach(report -> assertEquals(MessageOutcome.Disposition.DEAD_LETTER, report.disposition()));
        assertTrue(reports.get("m0").reason().contains("4 of 4 tokens"), reports.get("m0").reason());
        tokens.forEach(token -> assertEquals(DeviceStatus.UNUSED, status(token)));
        assertEquals(4, summary().count("failed"));
    }
}
