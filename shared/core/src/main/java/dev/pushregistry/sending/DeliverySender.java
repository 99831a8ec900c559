package dev.pushregistry.sending;

import dev.pushregistry.concurrency.BoundedParallel;
import dev.pushregistry.device.Device;
import dev.pushregistry.device.DeviceAddress;
import dev.pushregistry.device.TokenMask;
import dev.pushregistry.error.ConflictException;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.error.TransientFailure;
import dev.pushregistry.registry.OptimisticRetry;
import dev.pushregistry.registry.RegistryStore;
import dev.pushregistry.time.TimeLeft;
import dev.pushregistry.time.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Sends a batch of delivery groups through one push service and records what each delivery did to
 * its device.
 *
 * <p>For every group: claim it (a group another message holds is dropped), and for each of its
 * deliveries still without an outcome check that the device still belongs to the person it was
 * planned for (else nothing is pushed), push, and write the device change the answer causes. That
 * change is a conditional write on the registration the delivery was planned for: a device
 * re-registered, moved or logged out since keeps its newer state, and the verdict is counted as
 * stale. A status is written only when it changes. Once every delivery of a group is decided, the
 * group's outcomes are recorded in one write.
 *
 * <p>Rejections that are not the device's fault fail the delivery without touching the device; so
 * does a batch in which most distinct tokens of one app and endpoint come back as bad tokens, the
 * mark of credentials or tokens for the wrong environment or project. Transient trouble leaves the
 * delivery for a later attempt of its message, until the retry budget runs out. A push the service answered is never repeated for want
 * of a written outcome: a follow-up message carries the answer and records it ({@link PriorWork}).
 */
public final class DeliverySender {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverySender.class);
    private static final int VERDICT_ATTEMPTS = 5;
    private static final int RECORD_ATTEMPTS = 5;
    private static final OptimisticRetry.Attempt FIRST_ATTEMPT = new OptimisticRetry.Attempt(1, 0);
    /**
     * The time a batch keeps, beyond its last push's timeout, for what follows the answers: writing
     * the device changes and the groups' outcomes, and answering the queue. More than one table call
     * may take ({@code AwsClients}' API call timeout, 8 s).
     */
    public static final Duration TIME_TO_FINISH = Duration.ofSeconds(10);
    private static final String OUT_OF_TIME = "the invocation's time ran short before this push";
    /**
     * Looks for pushes past their time, for every batch of every sender: one timer for a batch
     * rather than one per push (a timer per push cost about as much CPU as the rest of the sender's
     * work on it, on the push client's own thread, which cancelled it).
     */
    private static final ScheduledExecutorService OVERDUE_CHECKS = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "push-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    private final RegistryStore registry;
    private final SendStore sends;
    private final PushGateway gateway;
    private final SenderSettings settings;
    private final OptimisticRetry retry = new OptimisticRetry(VERDICT_ATTEMPTS);
    private final BoundedParallel storeCalls;

    public DeliverySender(RegistryStore registry, SendStore sends, PushGateway gateway, SenderSettings settings) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.sends = Objects.requireNonNull(sends, "sends");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.storeCalls = new BoundedParallel(settings.storeConcurrency(), "delivery-store");
    }

    /**
     * Sends the batch; the answer says, per queue message id, what should become of the message.
     *
     * <p>The deliveries flow rather than go stage by stage: each group's devices are read and the
     * group claimed on a store worker, all groups at once; each delivery is pushed as soon as its
     * group's claim holds (in the batch's order, at most
     * {@code maxInFlight} between push and answer), its device change is written as soon as its
     * answer comes, and a group is recorded as soon as its last delivery is decided. Only bad-token
     * answers wait for the rest of the batch, since whether they bounce devices depends on how many
     * of the batch's tokens were bad.
     *
     * <p>A group whose devices cannot be read is neither claimed nor pushed, and its message is retried.
     * The batch has no time limit; see {@link #start} for one.
     */
    public Map<String, MessageOutcome> send(List<QueuedGroup> batch, Instant now) {
        Sending sending = start(now, TimeLeft.UNLIMITED);
        batch.forEach(sending::add);
        return sending.finish();
    }

    /**
     * Goes through a group the way {@link #send} does up to the push, and no further: reads its
     * devices and builds each push through the gateway, but claims nothing, records nothing and
     * leaves the group's answers unread. A sender's primed copy runs it before a SnapStart snapshot,
     * with a gateway that sends nothing.
     */
    public void rehearse(QueuedGroup queued, Instant now) {
        DeliveryGroup group = queued.group();
        registry.findDevices(group.slots().stream().map(slot -> slot.delivery().address()).toList(), now);
        group.slots().forEach(slot -> gateway.push(slot.delivery()).join());
    }

    /**
     * Starts a batch whose groups are added one at a time as their messages are read, so that the
     * first group's pushes leave while the rest of the batch is still being read; {@link #send} with
     * the whole batch at once.
     *
     * <p>A push starts only while the invocation has more than a push's timeout and
     * {@link #TIME_TO_FINISH} left, so that every push the batch makes is answered (or given up on)
     * and recorded before Lambda stops the invocation: a stopped invocation records nothing and its
     * messages come back, pushes and all. The deliveries left unpushed when time runs short are
     * tried again with their message, like those the push service could not take.
     *
     * @param timeLeft how long the invocation has left, asked before each push
     */
    public Sending start(Instant now, TimeLeft timeLeft) {
        return new Sending(Timestamps.truncate(now), Objects.requireNonNull(timeLeft, "timeLeft"));
    }

    /**
     * Records {@code failed} for the deliveries of a group whose last attempt ends without their
     * outcomes written (whatever a follow-up carries), so that its send's summary still finishes; its
     * message is dead-lettered with the same reason. Best effort: when the table refuses again, the
     * dead letter is the only record. A group another message holds is left to that message.
     *
     * @return how many deliveries without an outcome before were recorded {@code failed}
     */
    public int giveUp(QueuedGroup queued, String reason, Instant now) {
        Instant at = Timestamps.truncate(now);
        DeliveryGroup group = queued.group();
        try {
            if (sends.findGroup(group.requestId(), group.number()).flatMap(planned -> planned.mismatch(group)).isPresent()) {
                return 0;
            }
            SendStore.GroupClaim claim = sends.claim(group.requestId(), group.number(), queued.claimId(), at);
            if (claim.claim() != SendStore.Claim.CLAIMED) {
                return 0;
            }
            Map<Integer, DeliveryOutcome> outcomes = new LinkedHashMap<>();
            group.slots().forEach(slot -> outcomes.put(slot.index(), DeliveryOutcome.FAILED));
            record(queued, claim.before(), outcomes, Optional.of(reason), at);
            return (int) group.slots().stream().filter(slot -> claim.before().outcome(slot.index()).isEmpty()).count();
        } catch (RegistryException | TransientFailure trouble) {
            LOG.error("could not record that {} deliveries of {} failed, so its send stays pending: {}",
                    group.slots().size(), group.requestId(), trouble.getMessage());
            return 0;
        }
    }

    /**
     * Writes a group's outcomes, merged into the group as it is: a slot that has an outcome (other
     * than a failure) keeps it, so each delivery is counted once.
     */
    private void record(QueuedGroup queued, GroupRecord before, Map<Integer, DeliveryOutcome> outcomes,
                        Optional<String> reason, Instant at) {
        GroupRecord asRead = before;
        for (int attempt = 1; attempt <= RECORD_ATTEMPTS; attempt++) {
            List<Optional<DeliveryOutcome>> merged = new ArrayList<>(asRead.outcomes());
            boolean changed = false;
            for (Map.Entry<Integer, DeliveryOutcome> entry : outcomes.entrySet()) {
                int index = entry.getKey();
                if (index < merged.size() && merged.get(index).map(DeliveryOutcome.FAILED::equals).orElse(true)) {
                    merged.set(index, Optional.of(entry.getValue()));
                    changed = true;
                }
            }
            if (!changed) {
                return;
            }
            Optional<GroupRecord> current = sends.recordOutcomes(asRead, queued.claimId(), merged,
                    reason.or(asRead::reason), at);
            if (current.isEmpty()) {
                return;
            }
            if (!current.get().claimId().equals(Optional.of(queued.claimId()))) {
                LOG.warn("group {} of {} was taken over by another message; its outcomes stand",
                        before.number(), before.requestId());
                return;
            }
            asRead = current.get();
        }
        throw new TransientFailure.Unavailable("the group's record kept changing while its outcomes were written", null);
    }

    /** Pushes one delivery: the push service's answer, or the failure that kept it from answering. */
    private CompletableFuture<PushResult> push(Delivery delivery) {
        try {
            return gateway.push(delivery);
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    private static Throwable causeOf(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static PushResult unavailable(Throwable failure) {
        Throwable cause = causeOf(failure);
        if (cause instanceof TimeoutException) {
            return new PushResult.Unavailable("no answer from the push service in time");
        }
        return new PushResult.Unavailable("could not reach the push service: " + cause.getClass().getSimpleName());
    }

    private static String describe(Throwable trouble) {
        return trouble.getClass().getSimpleName() + ": " + trouble.getMessage();
    }

    /** What became of one delivery of a group in this attempt. */
    private sealed interface SlotResult {
    }

    /**
     * Decided: the outcome to record, its device change (if any) written.
     *
     * @param reason why it failed, for {@link DeliveryOutcome#FAILED}
     */
    private record Decided(DeliveryOutcome outcome, String reason) implements SlotResult {
    }

    /** Not decided, nothing pushed: its message comes back later. */
    private record Retry(String reason) implements SlotResult {
    }

    /** Pushed and answered, but the device change could not be written: a follow-up records it. */
    private record Unapplied(PushResult answer, String reason) implements SlotResult {
    }

    /**
     * One batch being sent: its groups, their devices, claims and pushes, and what becomes of each
     * message. Groups are added, then the batch finished, by one thread.
     */
    public final class Sending {
        private final List<QueuedGroup> batch = new ArrayList<>();
        private final List<CompletableFuture<Claimed>> claims = new ArrayList<>();
        /** How many of the batch's groups have been started (or dropped). */
        private int started;
        private final Instant at;
        private final TimeLeft timeLeft;
        /** The least time left, in milliseconds, in which a push may start. */
        private final long pushCutoff;
        /**
         * Deliveries left unpushed because time ran short (once there is one, no more pushes start);
         * counted by the thread that adds groups.
         */
        private int deferred;
        private final Map<String, MessageOutcome> reports = new ConcurrentHashMap<>();
        private final Map<DeliveryOutcome, Integer> tally = new ConcurrentHashMap<>();
        /**
         * Room for pushes awaiting an answer: a push takes a permit and gives it back once its answer
         * is read, so holding every permit means every push of the batch has been answered.
         */
        private final Semaphore inFlight = new Semaphore(settings.maxInFlight());
        /** How many pushes the batch made: counted by the thread that adds groups. */
        private int pushed;
        /** The groups being sent; read by the check for overdue pushes while groups are added. */
        private final List<GroupRun> groups = new CopyOnWriteArrayList<>();
        /** The periodic check for pushes past their time, from the batch's first push to its last answer. */
        private ScheduledFuture<?> overdueCheck;
        /** Whether any push of the batch was answered that its token is bad (held back for the majority rule). */
        private volatile boolean badTokenAnswered;
        private final AtomicInteger configurationErrors = new AtomicInteger();
        private final Map<String, AtomicInteger> configurationErrorsByApp = new ConcurrentHashMap<>();
        private final AtomicInteger unavailable = new AtomicInteger();
        private volatile String firstConfigurationError;

        private Sending(Instant at, TimeLeft timeLeft) {
            this.at = at;
            this.timeLeft = timeLeft;
            this.pushCutoff = settings.pushTimeout().plus(TIME_TO_FINISH).toMillis();
        }

        /**
         * Adds a group: its devices are read and it is claimed on a store worker; the groups claimed
         * so far, in the batch's order, start pushing (waiting for room in flight).
         */
        public void add(QueuedGroup queued) {
            batch.add(queued);
            claims.add(storeCalls.submit(() -> claim(queued)));
            startClaimed(false);
        }

        /**
         * Starts what is left, waits for every answer and every record, and says, per queue message
         * id, what should become of the message.
         */
        public Map<String, MessageOutcome> finish() {
            try {
                startClaimed(true);
                inFlight.acquireUninterruptibly(settings.maxInFlight());
                inFlight.release(settings.maxInFlight());
            } finally {
                if (overdueCheck != null) {
                    overdueCheck.cancel(false);
                }
            }
            concludeBadTokens();
            CompletableFuture.allOf(groups.stream().map(group -> group.finished).toArray(CompletableFuture[]::new)).join();
            logBatch();
            return reports;
        }

        /**
         * The batch's one INFO line, its tally as keys; an ERROR line besides when pushes were
         * refused for our credentials or request (the push service's first reason in it), since each
         * such delivery is logged only at DEBUG.
         */
        private void logBatch() {
            String provider = gateway.provider().wire();
            LoggingEventBuilder line = LOG.atInfo().addKeyValue("provider", provider)
                    .addKeyValue("send_request_ids", String.join(",", batch.stream()
                            .map(queued -> queued.group().requestId()).distinct().toList()))
                    .addKeyValue("groups", batch.size()).addKeyValue("pushed", pushed).addKeyValue("deferred", deferred);
            Map<DeliveryOutcome, Integer> outcomes = new TreeMap<>(tally);
            outcomes.forEach((outcome, count) -> line.addKeyValue(outcome.wire(), count));
            line.addKeyValue("unavailable", unavailable.get()).addKeyValue("configuration_errors", configurationErrors.get())
                    .log("{} batch of {} groups: {} pushed, outcomes {}", provider, batch.size(), pushed, outcomes);
            if (configurationErrors.get() > 0) {
                LOG.atError().addKeyValue("provider", provider).addKeyValue("configuration_errors", configurationErrors.get())
                        .log("{} refused {} pushes of the batch for our credentials or request: {}", provider,
                                configurationErrors.get(), firstConfigurationError);
            }
        }

        /** What the batch did, for its metrics: read once {@link #finish} has returned. */
        public BatchReport report() {
            List<Double> latencies = new ArrayList<>(pushed);
            for (GroupRun group : groups) {
                for (long nanos : group.latencies) {
                    if (nanos > 0) {
                        latencies.add(nanos / 1e6);
                    }
                }
            }
            Map<String, Integer> byApp = new HashMap<>();
            configurationErrorsByApp.forEach((app, count) -> byApp.put(app, count.get()));
            return new BatchReport(tally, byApp, unavailable.get(), deferred, latencies);
        }

        /**
         * Makes sure pushes are watched for their time: a push without an answer
         * {@code pushTimeout} after it left is failed, which reads as the service being unavailable
         * (checked a tenth of the timeout apart, at least every second).
         */
        private void watchForOverduePushes() {
            if (overdueCheck == null) {
                long timeout = settings.pushTimeout().toNanos();
                long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), timeout / 10));
                overdueCheck = OVERDUE_CHECKS.scheduleWithFixedDelay(() -> {
                    long now = System.nanoTime();
                    groups.forEach(group -> group.failOverdue(now, timeout));
                }, period, period, TimeUnit.NANOSECONDS);
            }
        }

        /**
         * Waits for room in flight and takes it for a push, unless the invocation's time has run
         * short: then, and for the rest of the batch, it takes none and counts the delivery as deferred.
         */
        private boolean takeRoomForAPush() {
            if (deferred > 0) {
                deferred++;
                return false;
            }
            inFlight.acquireUninterruptibly();
            long left = timeLeft.millis();
            if (left > pushCutoff) {
                return true;
            }
            inFlight.release();
            deferred++;
            LOG.atWarn().addKeyValue("provider", gateway.provider().wire()).addKeyValue("time_left_ms", left)
                    .log("{} batch stops pushing with {} ms left: a push may take {} s and recording {} s; the rest"
                            + " is tried again later", gateway.provider().wire(), left, settings.pushTimeout().toSeconds(),
                            TIME_TO_FINISH.toSeconds());
            return false;
        }

        /** Starts the groups whose claims are in, in the batch's order; with {@code wait}, all of them. */
        private void startClaimed(boolean wait) {
            while (started < batch.size() && (wait || claims.get(started).isDone())) {
                QueuedGroup queued = batch.get(started);
                CompletableFuture<Claimed> claim = claims.get(started);
                started++;
                Claimed claimed;
                try {
                    claimed = claim.join();
                } catch (CompletionException failure) {
                    reports.put(queued.messageId(), retryUnclaimed(queued, causeOf(failure)));
                    continue;
                }
                if (claimed.unplanned().isPresent()) {
                    LOG.warn("group {} of {} was not queued by dispatch and is not pushed: {}", queued.group().number(),
                            queued.group().requestId(), claimed.unplanned().get());
                    reports.put(queued.messageId(), MessageOutcome.deadLetter("not_planned: " + claimed.unplanned().get()));
                    continue;
                }
                if (claimed.claim().claim() != SendStore.Claim.CLAIMED) {
                    LOG.debug("group {} of {} dropped: {}", queued.group().number(), queued.group().requestId(),
                            claimed.claim().claim());
                    reports.put(queued.messageId(), MessageOutcome.done());
                    continue;
                }
                GroupRun group = new GroupRun(this, queued, claimed);
                groups.add(group);
                group.start();
            }
        }

        /**
         * Reads the batch's answers as a whole, then concludes the bad-token answers held back for it:
         * as bounces, or as a configuration error when most of the batch's tokens were bad. A batch
         * with no such answer (the common case) has nothing to read.
         */
        private void concludeBadTokens() {
            if (!badTokenAnswered) {
                return;
            }
            Map<Pushed, PushResult> answers = new LinkedHashMap<>();
            for (GroupRun group : groups) {
                for (int index = 0; index < DeliveryGroup.MAX_SIZE; index++) {
                    PushResult answer = group.answers.get(index);
                    if (answer != null) {
                        answers.put(new Pushed(group, index), answer);
                    }
                }
            }
            Map<Pushed, PushResult> read = VerdictRules.readBadTokenMajority(answers, Pushed::delivery,
                    settings.badTokenQuorum(), gateway.provider());
            answers.forEach((pushed, answer) -> {
                if (answer instanceof PushResult.BadToken) {
                    pushed.group().concludeLater(pushed.group().slotAt(pushed.index()), read.get(pushed));
                }
            });
        }

        /**
         * Reads the group as dispatch planned it, then its devices, then claims it. A group message
         * that says what dispatch did not plan (another message, device, app or push service: one
         * someone put on the queue by hand) is neither claimed nor pushed; a group never planned
         * (or whose record expired) is not claimed either.
         */
        private Claimed claim(QueuedGroup queued) {
            DeliveryGroup group = queued.group();
            Optional<GroupRecord> planned = sends.findGroup(group.requestId(), group.number());
            if (planned.isEmpty()) {
                return new Claimed(new SendStore.GroupClaim(SendStore.Claim.UNKNOWN, null), Map.of(), Optional.empty());
            }
            Optional<String> unplanned = planned.get().mismatch(group);
            if (unplanned.isPresent()) {
                return new Claimed(null, Map.of(), unplanned);
            }
            Map<DeviceAddress, Device> devices = registry.findDevices(group.slots().stream()
                    .map(slot -> slot.delivery().address()).toList(), at);
            return new Claimed(sends.claim(group.requestId(), group.number(), queued.claimId(), at), devices,
                    Optional.empty());
        }

        /** A group whose devices could not be read or claim written is tried again later; nothing was pushed for it. */
        private MessageOutcome retryUnclaimed(QueuedGroup queued, Throwable cause) {
            if (!(cause instanceof RegistryException) && !(cause instanceof TransientFailure)) {
                LOG.error("the group {} of {} failed", queued.group().number(), queued.group().requestId(), cause);
            }
            return MessageOutcome.retry(describe(cause));
        }
    }

    /**
     * A group's claim and its devices as read just before it, or what its message says that dispatch
     * did not plan (then there is no claim).
     */
    private record Claimed(SendStore.GroupClaim claim, Map<DeviceAddress, Device> devices, Optional<String> unplanned) {
    }

    /** One pushed slot of a group, for reading the batch's answers together. */
    private record Pushed(GroupRun group, int index) {
        Delivery delivery() {
            return group.slotAt(index).delivery();
        }
    }

    /** One claimed group in a batch: its slots' results, and recording them once all are in. */
    private final class GroupRun {
        private final Sending sending;
        private final QueuedGroup queued;
        private final GroupRecord before;
        private final Map<DeviceAddress, Device> devices;
        private final List<DeliveryGroup.Slot> working;
        /** The group's slots by index. */
        private final DeliveryGroup.Slot[] slots = new DeliveryGroup.Slot[DeliveryGroup.MAX_SIZE];
        /** What became of each slot this attempt worked on, by index. */
        private final AtomicReferenceArray<SlotResult> results = new AtomicReferenceArray<>(DeliveryGroup.MAX_SIZE);
        /** The answers of this attempt's pushes, by slot index. */
        private final AtomicReferenceArray<PushResult> answers = new AtomicReferenceArray<>(DeliveryGroup.MAX_SIZE);
        /** Each push's time from request to answer in nanoseconds, by slot index (0: not pushed or not answered). */
        private final long[] latencies = new long[DeliveryGroup.MAX_SIZE];
        /** When each push left ({@link System#nanoTime}), by slot index; set before its answer is awaited. */
        private final long[] pushedAt = new long[DeliveryGroup.MAX_SIZE];
        /** Each push's answer to come, by slot index, for failing it when it is overdue. */
        private final AtomicReferenceArray<CompletableFuture<PushResult>> awaited =
                new AtomicReferenceArray<>(DeliveryGroup.MAX_SIZE);
        private final AtomicInteger open;
        private final CompletableFuture<Void> finished = new CompletableFuture<>();

        GroupRun(Sending sending, QueuedGroup queued, Claimed claimed) {
            this.sending = sending;
            this.queued = queued;
            this.before = claimed.claim().before();
            this.devices = claimed.devices();
            queued.group().slots().forEach(slot -> slots[slot.index()] = slot);
            this.working = queued.group().slots().stream().filter(this::needsWork).toList();
            this.open = new AtomicInteger(working.size());
        }

        DeliveryGroup.Slot slotAt(int index) {
            return slots[index];
        }

        /**
         * Whether this attempt works on the slot: it has no outcome yet, or it failed under another
         * message (one moved back from the dead-letter queue sends its failures again).
         */
        private boolean needsWork(DeliveryGroup.Slot slot) {
            Optional<DeliveryOutcome> recorded = before.outcome(slot.index());
            return recorded.isEmpty() || recorded.get() == DeliveryOutcome.FAILED
                    && !before.claimId().equals(Optional.of(queued.claimId()));
        }

        /** Settles what needs no push, and pushes the rest in slot order, waiting for room in flight. */
        void start() {
            if (working.isEmpty()) {
                finish();
                return;
            }
            Optional<PriorWork> prior = queued.prior();
            for (DeliveryGroup.Slot slot : working) {
                Delivery delivery = slot.delivery();
                if (prior.isPresent() && prior.get().outcomes().containsKey(slot.index())) {
                    DeliveryOutcome outcome = prior.get().outcomes().get(slot.index());
                    settle(slot, new Decided(outcome, prior.get().reason().orElse(null)));
                    continue;
                }
                if (prior.isPresent() && prior.get().answers().containsKey(slot.index())) {
                    concludeLater(slot, prior.get().answers().get(slot.index()));
                    continue;
                }
                Optional<DeliveryOutcome> skip = VerdictRules.skipBeforePush(delivery, device(slot));
                if (skip.isPresent()) {
                    settle(slot, new Decided(skip.get(), null));
                    continue;
                }
                if (!sending.takeRoomForAPush()) {
                    settle(slot, new Retry(OUT_OF_TIME));
                    continue;
                }
                sending.pushed++;
                sending.watchForOverduePushes();
                int index = slot.index();
                pushedAt[index] = System.nanoTime();
                CompletableFuture<PushResult> answer = push(delivery);
                awaited.set(index, answer);
                answer.whenComplete((result, failure) -> answered(slot, failure == null ? result : unavailable(failure)));
            }
        }

        /** Fails the pushes that have waited {@code timeout} nanoseconds or more for their answer by {@code now}. */
        void failOverdue(long now, long timeout) {
            for (int index = 0; index < DeliveryGroup.MAX_SIZE; index++) {
                CompletableFuture<PushResult> answer = awaited.get(index);
                if (answer != null && !answer.isDone() && now - pushedAt[index] >= timeout) {
                    answer.completeExceptionally(new TimeoutException("no answer in " + settings.pushTimeout()));
                }
            }
        }

        /**
         * Takes a push's answer (on the thread it arrives on): kept for the batch, then concluded, or
         * held back when it says the token is bad; the push's room in flight is given back last, so
         * that a batch holding all the room has read every answer.
         */
        private void answered(DeliveryGroup.Slot slot, PushResult result) {
            try {
                latencies[slot.index()] = Math.max(1, System.nanoTime() - pushedAt[slot.index()]);
                answers.set(slot.index(), result);
                if (result instanceof PushResult.BadToken) {
                    sending.badTokenAnswered = true;
                } else {
                    concludeLater(slot, result);
                }
            } catch (RuntimeException unexpected) {
                LOG.error("the answer to a {} push could not be concluded", gateway.provider().wire(), unexpected);
                settle(slot, unapplied(result, "the answer could not be concluded: " + describe(unexpected)));
            } finally {
                sending.inFlight.release();
            }
        }

        private Device device(DeliveryGroup.Slot slot) {
            return devices.get(slot.delivery().address());
        }

        /**
         * Settles the slot at once when the verdict on the device as read writes nothing (a push to a
         * device already {@code sent}, the common case); otherwise writes the verdict on a store
         * worker, then settles it.
         */
        void concludeLater(DeliveryGroup.Slot slot, PushResult answer) {
            if (answer instanceof PushResult.Misconfigured misconfigured) {
                if (sending.configurationErrors.getAndIncrement() == 0) {
                    sending.firstConfigurationError = misconfigured.reason();
                }
                sending.configurationErrorsByApp.computeIfAbsent(slot.delivery().appId(), app -> new AtomicInteger())
                        .incrementAndGet();
            } else if (answer instanceof PushResult.Unavailable) {
                sending.unavailable.incrementAndGet();
            }
            Device device = device(slot);
            VerdictRules.Verdict verdict = VerdictRules.verdict(slot.delivery(), device, answer, queued.finalAttempt(),
                    FIRST_ATTEMPT.versionAfter(sending.at, device == null ? 0 : device.registrationVersion()));
            if (verdict.kind() == VerdictRules.Verdict.Kind.RECORD && verdict.change() == null) {
                settle(slot, new Decided(verdict.outcome(), null));
                return;
            }
            storeCalls.submit(() -> conclude(slot, answer, verdict)).whenComplete((result, failure) ->
                    settle(slot, failure == null ? result : unapplied(answer, causeOf(failure))));
        }

        /**
         * Applies the verdict on the answer to the device as it is: {@code onFirstRead}, made on the
         * device read before the push, on the first attempt; one on the device read again after a
         * concurrent change got in the way.
         */
        private SlotResult conclude(DeliveryGroup.Slot slot, PushResult answer, VerdictRules.Verdict onFirstRead) {
            Delivery delivery = slot.delivery();
            try {
                return retry.run(attempt -> {
                    VerdictRules.Verdict verdict = attempt.isFirst() ? onFirstRead : verdictOnDeviceNow(delivery, answer, attempt);
                    return switch (verdict.kind()) {
                        case FAIL -> {
                            LOG.atDebug().addKeyValue("provider", gateway.provider().wire())
                                    .addKeyValue("token", TokenMask.mask(delivery.token()))
                                    .addKeyValue("outcome", DeliveryOutcome.FAILED.wire())
                                    .log("{} delivery failed: {}", gateway.provider().wire(), verdict.reason());
                            yield new Decided(DeliveryOutcome.FAILED, verdict.reason());
                        }
                        case RETRY -> {
                            LOG.atDebug().addKeyValue("provider", gateway.provider().wire())
                                    .addKeyValue("token", TokenMask.mask(delivery.token()))
                                    .log("{} unavailable, will retry: {}", gateway.provider().wire(), verdict.reason());
                            yield new Retry(verdict.reason());
                        }
                        case RECORD -> {
                            if (verdict.change() != null) {
                                registry.apply(verdict.change());
                            }
                            yield new Decided(verdict.outcome(), null);
                        }
                    };
                });
            } catch (ConflictException conflict) {
                return unapplied(answer, "the device kept changing while the verdict was recorded");
            } catch (RegistryException | TransientFailure trouble) {
                LOG.atWarn().addKeyValue("provider", gateway.provider().wire())
                        .addKeyValue("token", TokenMask.mask(delivery.token()))
                        .log("could not record the outcome: {}", trouble.getMessage());
                return unapplied(answer, trouble);
            }
        }

        /** The verdict on the device read again, after a concurrent change got in the way of the last one. */
        private VerdictRules.Verdict verdictOnDeviceNow(Delivery delivery, PushResult answer, OptimisticRetry.Attempt attempt) {
            Device current = registry.findDevice(delivery.address(), sending.at).orElse(null);
            return VerdictRules.verdict(delivery, current, answer, queued.finalAttempt(),
                    attempt.versionAfter(sending.at, current == null ? 0 : current.registrationVersion()));
        }

        private SlotResult unapplied(PushResult answer, Throwable trouble) {
            if (!(trouble instanceof RegistryException) && !(trouble instanceof TransientFailure)) {
                LOG.error("the verdict for a {} delivery failed", gateway.provider().wire(), trouble);
            }
            return unapplied(answer, "could not record the outcome: " + trouble.getClass().getSimpleName());
        }

        private static SlotResult unapplied(PushResult answer, String reason) {
            return PriorWork.isDefinitive(answer) ? new Unapplied(answer, reason) : new Retry(reason);
        }

        private void settle(DeliveryGroup.Slot slot, SlotResult result) {
            results.set(slot.index(), result);
            if (open.decrementAndGet() == 0) {
                storeCalls.submit(this::finish);
            }
        }

        /** Records the group's outcomes and decides what becomes of its message; never throws. */
        private MessageOutcome finish() {
            MessageOutcome outcome;
            try {
                outcome = recordAndDecide();
            } catch (RuntimeException unexpected) {
                LOG.error("the group {} of {} failed", queued.group().number(), queued.group().requestId(), unexpected);
                outcome = leaveForLater(describe(unexpected), true);
            }
            sending.reports.put(queued.messageId(), outcome);
            finished.complete(null);
            return outcome;
        }

        private MessageOutcome recordAndDecide() {
            Map<Integer, DeliveryOutcome> decided = new TreeMap<>();
            Optional<String> failure = Optional.empty();
            for (int index = 0; index < DeliveryGroup.MAX_SIZE; index++) {
                if (results.get(index) instanceof Decided slot) {
                    decided.put(index, slot.outcome());
                    if (slot.outcome() == DeliveryOutcome.FAILED && failure.isEmpty()) {
                        failure = Optional.ofNullable(slot.reason());
                    }
                }
            }
            if (!decided.isEmpty()) {
                try {
                    record(queued, before, decided, failure, sending.at);
                } catch (RegistryException | TransientFailure trouble) {
                    LOG.warn("could not record the outcomes of group {} of {}: {}", queued.group().number(),
                            queued.group().requestId(), trouble.getMessage());
                    return leaveForLater("could not record the outcomes: " + trouble.getClass().getSimpleName(), true);
                }
                decided.values().forEach(outcome -> sending.tally.merge(outcome, 1, Integer::sum));
            }
            Optional<String> unapplied = first(Unapplied.class).map(Unapplied::reason);
            if (unapplied.isPresent()) {
                return leaveForLater(unapplied.get(), false);
            }
            Optional<String> retry = first(Retry.class).map(Retry::reason);
            if (retry.isPresent()) {
                return MessageOutcome.retry(retry.get());
            }
            return failure.or(this::failedByAnEarlierAttempt).map(MessageOutcome::deadLetter).orElse(MessageOutcome.done());
        }

        /**
         * Why an earlier attempt of this message failed some of its deliveries, if it did: the message
         * goes to the dead letters for them once the rest is done, so that it can be moved back.
         */
        private Optional<String> failedByAnEarlierAttempt() {
            boolean failedBefore = queued.group().slots().stream().anyMatch(slot -> results.get(slot.index()) == null
                    && before.outcome(slot.index()).equals(Optional.of(DeliveryOutcome.FAILED)));
            return failedBefore ? before.reason().or(() -> Optional.of("an earlier attempt failed some deliveries")) : Optional.empty();
        }

        private boolean anyAnswered() {
            for (int index = 0; index < DeliveryGroup.MAX_SIZE; index++) {
                if (answers.get(index) != null) {
                    return true;
                }
            }
            return false;
        }

        private <T extends SlotResult> Optional<T> first(Class<T> kind) {
            for (int index = 0; index < DeliveryGroup.MAX_SIZE; index++) {
                SlotResult result = results.get(index);
                if (kind.isInstance(result)) {
                    return Optional.of(kind.cast(result));
                }
            }
            return Optional.empty();
        }

        /**
         * Leaves the group's unrecorded work for a later attempt without pushing again: when this
         * attempt pushed, a follow-up message takes over with the answers and outcomes it must record
         * (and the slots still to push); otherwise the message itself, with whatever it carries, is
         * tried again.
         *
         * @param decidedUnrecorded whether the decided outcomes are unrecorded too (their write failed)
         */
        private MessageOutcome leaveForLater(String reason, boolean decidedUnrecorded) {
            Map<Integer, PushResult> answersToRecord = new TreeMap<>();
            Map<Integer, DeliveryOutcome> outcomesToRecord = new TreeMap<>();
            List<DeliveryGroup.Slot> left = new ArrayList<>();
            Optional<String> failure = Optional.empty();
            for (DeliveryGroup.Slot slot : working) {
                SlotResult result = results.get(slot.index());
                if (result instanceof Unapplied unapplied) {
                    answersToRecord.put(slot.index(), unapplied.answer());
                } else if (result instanceof Decided decided) {
                    if (!decidedUnrecorded) {
                        continue;
                    }
                    outcomesToRecord.put(slot.index(), decided.outcome());
                    if (decided.outcome() == DeliveryOutcome.FAILED && failure.isEmpty()) {
                        failure = Optional.ofNullable(decided.reason()).or(() -> Optional.of(reason));
                    }
                }
                left.add(slot);
            }
            if (!anyAnswered()) {
                return MessageOutcome.retry(reason);
            }
            DeliveryGroup group = queued.group();
            return MessageOutcome.handOver(reason, new MessageOutcome.FollowUp(
                    new DeliveryGroup(group.requestId(), group.number(), group.provider(), group.appId(), group.message(),
                            left),
                    new PriorWork(queued.claimId(), answersToRecord, outcomesToRecord, failure)));
        }
    }
}
