package dev.pushregistry.core.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.core.fixtures.AnsweringGateway;
import dev.pushregistry.core.fixtures.InMemorySendingStores;
import dev.pushregistry.core.fixtures.TickingClock;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.person.PersonDevices;
import dev.pushregistry.core.person.PersonProfile;
import dev.pushregistry.core.registry.RegistryChange;
import dev.pushregistry.core.registry.RegistryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sender's bookkeeping for delivery groups: claims, copies, and the stores failing part-way.
 * The stores are held in memory and fail where a test says, as an unreachable table does (a
 * {@link TransientFailure}); the table's own stores are held to the same contract by the tests of
 * {@code store-dynamodb} and by the sending tests of the functions.
 */
class DeliverySenderTest {
    private static final PushMessage HI = PushMessage.builder().title("Hi").build();
    private static final String APP = "main";

    /** Device status writes that fail, by token. */
    private final Set<String> failingDevices = ConcurrentHashMap.newKeySet();
    /** Device reads that fail, by token. */
    private final Set<String> failingReads = ConcurrentHashMap.newKeySet();
    /** Claims that fail, by group number. */
    private final Set<Integer> failingClaims = ConcurrentHashMap.newKeySet();
    /** How many more group outcome writes fail. */
    private final AtomicInteger failingRecords = new AtomicInteger();
    private final TickingClock clock = TickingClock.startingNow();
    private final InMemorySendingStores memory = new InMemorySendingStores();
    private final RegistryStore devices = new FailingDevices(memory.registry());
    private final SendStore sends = new FailingSends(memory.sends());
    private final List<String> pushed = new ArrayList<>();
    private final Map<String, PushResult> answers = new ConcurrentHashMap<>();
    private final PushGateway gateway = AnsweringGateway.apns(delivery -> {
        synchronized (pushed) {
            pushed.add(delivery.token());
        }
        return answers.getOrDefault(delivery.token(), new PushResult.Accepted());
    });
    private final DeliverySender sender = new DeliverySender(devices, sends, gateway, SenderSettings.DEFAULTS);

    /** A new iOS device that {@code personId} owns, as identify leaves it. */
    private String identifiedIosDevice(String personId) {
        String token = Tokens.apns();
        Instant now = clock.instant();
        memory.put(Device.builder().appId(APP).token(token).platform(Platform.IOS).provider(Provider.APNS)
                .personId(personId).pushEnabled(true).status(DeviceStatus.UNUSED).lastUsed(now).createdAt(now)
                .registrationVersion(1).build());
        return token;
    }

    private static DeviceAddress at(String token) {
        return new DeviceAddress(APP, token);
    }

    private void setStatus(String token, DeviceStatus status) {
        memory.put(memory.device(at(token)).orElseThrow().toBuilder().status(status).build());
    }

    /** Plans group {@code number} of request "r" for the tokens' devices, as dispatch would. */
    private DeliveryGroup planned(int number, String... tokens) {
        Instant now = clock.instant();
        List<DeliveryGroup.Slot> slots = new ArrayList<>();
        for (String token : tokens) {
            Device device = devices.findDevice(at(token), now).orElseThrow();
            slots.add(new DeliveryGroup.Slot(slots.size(), Delivery.plan("r", device, HI)));
        }
        assertTrue(sends.planGroup(GroupRecord.planned("r", number, slots.get(0).delivery().provider(),
                APP, HI, List.of(tokens)), now).isEmpty());
        sends.markDispatched("r", Map.of(), now);
        return new DeliveryGroup("r", number, slots.get(0).delivery().provider(), APP, HI, slots);
    }

    private Map<String, MessageOutcome> send(QueuedGroup... messages) {
        return sender.send(List.of(messages), clock.instant());
    }

    private DeviceStatus status(String token) {
        return memory.device(at(token)).orElseThrow().status();
    }

    private SendSummary summary() {
        return sends.findSummary("r").orElseThrow();
    }

    /** What the queue would deliver for a hand-over's follow-up. */
    private static QueuedGroup followUp(MessageOutcome handOver, String messageId) {
        assertEquals(MessageOutcome.Disposition.HAND_OVER, handOver.disposition(), handOver.toString());
        return new QueuedGroup(messageId, handOver.followUp().group(), false, Optional.of(handOver.followUp().prior()));
    }

    /** Group 0 of request "r" as someone with the queue's SendMessage might write it. */
    private DeliveryGroup forged(PushMessage message, int index, String token) {
        Device device = devices.findDevice(at(token), clock.instant()).orElseThrow();
        return new DeliveryGroup("r", 0, device.provider(), APP, message,
                List.of(new DeliveryGroup.Slot(index, Delivery.plan("r", device, message))));
    }

    @Test
    void aGroupMessageDispatchDidNotPlanIsNeverPushedAndThePlannedOneStillIs() {
        String ann = identifiedIosDevice("ann");
        String mallory = identifiedIosDevice("mallory");
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
                clock.instant()), "a forged message records no failure either");

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
        String ann = identifiedIosDevice("ann");
        String bob = identifiedIosDevice("bob");
        DeliveryGroup group = planned(0, ann, bob);
        List<String> built = new ArrayList<>();
        DeliverySender rehearsing = new DeliverySender(devices, sends,
                PushGateway.rehearsal(Provider.APNS, delivery -> built.add(delivery.token())), SenderSettings.DEFAULTS);

        rehearsing.rehearse(new QueuedGroup("m1", group, false), clock.instant());

        assertEquals(List.of(ann, bob), built);
        assertEquals(DeviceStatus.UNUSED, status(ann), "no verdict is applied");
        assertEquals(0, summary().count("sent"), "no outcome is recorded");
        send(new QueuedGroup("m2", group, false));
        assertEquals(List.of(ann, bob), pushed, "the group was not claimed: a real send pushes it");
    }

    @Test
    @Timeout(60) // without the push timeout the batch would wait for Bob's answer for ever
    void aPushLeftUnansweredPastItsTimeIsTriedAgainLaterWhileTheRestOfTheBatchIsRecorded() {
        String ann = identifiedIosDevice("ann");
        String bob = identifiedIosDevice("bob");
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

        MessageOutcome outcome = new DeliverySender(devices, sends, silentForBob, briefTimeout)
                .send(List.of(new QueuedGroup("m1", group, false)), clock.instant()).get("m1");

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
        String ann = identifiedIosDevice("ann");
        String bob = identifiedIosDevice("bob");
        String cid = identifiedIosDevice("cid");
        String dan = identifiedIosDevice("dan");
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

        BatchSending sending = new DeliverySender(devices, sends, slowingDown, SenderSettings.DEFAULTS)
                .start(clock.instant(), millisLeft::get);
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
        String failing = identifiedIosDevice("ann");
        String fine = identifiedIosDevice("ann");
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
    }

    @Test
    void outcomesThatCannotBeRecordedAreHandedOverAndABounceIsNotCountedTwice() {
        String refused = identifiedIosDevice("bea");
        String fine = identifiedIosDevice("bea");
        String skipped = identifiedIosDevice("bea");
        answers.put(refused, new PushResult.BadToken("BadDeviceToken"));
        setStatus(skipped, DeviceStatus.SUPPRESSED);
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
    }

    @Test
    void aMessageRedeliveredAfterItsSenderDiedNeitherPushesNorBouncesAgainWhatItsDeviceChangesRecord() {
        String refused = identifiedIosDevice("bo");
        String fine = identifiedIosDevice("bo");
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
    }

    @Test
    void aClaimThatCannotBeWrittenRetriesOnlyItsOwnMessageAndNothingIsPushedForIt() {
        String unclaimable = identifiedIosDevice("cy");
        String fine = identifiedIosDevice("cy");
        DeliveryGroup first = planned(0, unclaimable);
        DeliveryGroup second = planned(1, fine);
        failingClaims.add(0);

        Map<String, MessageOutcome> reports = send(new QueuedGroup("m1", first, false), new QueuedGroup("m2", second, false));

        assertEquals(MessageOutcome.Disposition.RETRY, reports.get("m1").disposition());
        assertEquals(MessageOutcome.Disposition.DONE, reports.get("m2").disposition());
        assertEquals(List.of(fine), pushed, "nothing pushed without a claim");
        assertEquals(DeviceStatus.UNUSED, status(unclaimable));

        failingClaims.clear();
        assertEquals(MessageOutcome.Disposition.DONE, send(new QueuedGroup("m1", first, false)).get("m1").disposition());

        assertEquals(List.of(fine, unclaimable), pushed, "each device pushed once");
        assertEquals(2, summary().count("sent"));
    }

    @Test
    void aGroupWhoseDevicesCannotBeReadIsNeitherClaimedNorPushedAndOnlyItsMessageIsRetried() {
        String unreadable = identifiedIosDevice("di");
        String fine = identifiedIosDevice("di");
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
    }

    @Test
    void aCopyOfAGroupAnotherMessageHoldsPushesNothingAndTheHolderFinishesItsOwnWork() {
        String token = identifiedIosDevice("dee");
        DeliveryGroup group = planned(0, token);
        assertEquals(SendStore.Claim.CLAIMED, sends.claim("r", 0, "m1", clock.instant()).claim(),
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
        String misconfigured = identifiedIosDevice("eve");
        String transientTrouble = identifiedIosDevice("eve");
        String fine = identifiedIosDevice("eve");
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
        String token = identifiedIosDevice("fay");
        String fine = identifiedIosDevice("fay");
        DeliveryGroup group = planned(0, token, fine);
        failingClaims.add(0);
        QueuedGroup last = new QueuedGroup("m1", group, true);
        assertEquals(MessageOutcome.Disposition.RETRY, send(last).get("m1").disposition());
        failingClaims.clear();

        sender.giveUp(last, "retry budget spent: table unreachable", clock.instant());

        SendSummary summary = summary();
        assertEquals(2, summary.count("failed"));
        assertEquals("done", summary.state(), "the send still finishes");
        assertTrue(pushed.isEmpty());
    }

    @Test
    void answersAreJudgedAcrossTheBatchSoABadEnvironmentBouncesNoDevice() {
        List<String> tokens = new ArrayList<>();
        for (int person = 0; person < 4; person++) {
            tokens.add(identifiedIosDevice("gus-" + person));
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

    /** The in-memory devices, failing reads and writes of the tokens a test names. */
    private final class FailingDevices implements RegistryStore {
        private final RegistryStore stored;

        FailingDevices(RegistryStore stored) {
            this.stored = stored;
        }

        private void failFor(Collection<DeviceAddress> addresses, Set<String> failing) {
            if (addresses.stream().anyMatch(address -> failing.contains(address.token()))) {
                throw new TransientFailure.Unavailable("table unreachable", null);
            }
        }

        @Override
        public Optional<Device> findDevice(DeviceAddress address, Instant now) {
            failFor(List.of(address), failingReads);
            return stored.findDevice(address, now);
        }

        @Override
        public Map<DeviceAddress, Device> findDevices(Collection<DeviceAddress> addresses, Instant now) {
            failFor(addresses, failingReads);
            return stored.findDevices(addresses, now);
        }

        @Override
        public List<PersonDevices> findPeopleDevices(List<String> personIds, Instant now) {
            return stored.findPeopleDevices(personIds, now);
        }

        @Override
        public List<HistoryEvent> findHistory(String personId, Instant now, int max) {
            return stored.findHistory(personId, now, max);
        }

        @Override
        public void apply(RegistryChange change) {
            failFor(change.transitions().stream().map(RegistryChange.DeviceTransition::address).toList(), failingDevices);
            stored.apply(change);
        }

        @Override
        public PersonProfile saveUnsubscribed(String personId, boolean unsubscribed, Instant now) {
            return stored.saveUnsubscribed(personId, unsubscribed, now);
        }

        @Override
        public void forgetPerson(String personId, Instant now) {
            stored.forgetPerson(personId, now);
        }
    }

    /** The in-memory send store, failing the claims and outcome records a test names. */
    private final class FailingSends implements SendStore {
        private final SendStore stored;

        FailingSends(SendStore stored) {
            this.stored = stored;
        }

        @Override
        public void recordAccepted(String requestId, Instant now) {
            stored.recordAccepted(requestId, now);
        }

        @Override
        public boolean isDispatched(String requestId) {
            return stored.isDispatched(requestId);
        }

        @Override
        public List<GroupRecord> findGroups(String requestId) {
            return stored.findGroups(requestId);
        }

        @Override
        public Optional<GroupRecord> findGroup(String requestId, int number) {
            return stored.findGroup(requestId, number);
        }

        @Override
        public Optional<GroupRecord> planGroup(GroupRecord group, Instant now) {
            return stored.planGroup(group, now);
        }

        @Override
        public void markDispatched(String requestId, Map<DispatchSkip, Integer> skips, Instant now) {
            stored.markDispatched(requestId, skips, now);
        }

        @Override
        public GroupClaim claim(String requestId, int number, String claimId, Instant now) {
            if (failingClaims.contains(number)) {
                throw new TransientFailure.Unavailable("table unreachable", null);
            }
            return stored.claim(requestId, number, claimId, now);
        }

        @Override
        public Optional<GroupRecord> recordOutcomes(GroupRecord asRead, String claimId,
                                                    List<Optional<DeliveryOutcome>> outcomes, Optional<String> reason,
                                                    Instant now) {
            if (failingRecords.getAndDecrement() > 0) {
                throw new TransientFailure.Unavailable("table unreachable", null);
            }
            return stored.recordOutcomes(asRead, claimId, outcomes, reason, now);
        }

        @Override
        public Optional<SendSummary> findSummary(String requestId) {
            return stored.findSummary(requestId);
        }
    }
}
