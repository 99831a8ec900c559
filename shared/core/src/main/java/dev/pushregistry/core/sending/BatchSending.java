package dev.pushregistry.core.sending;

import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.core.time.TimeLeft;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch being sent ({@link DeliverySender#start}): its groups, their claims and pushes, the room
 * in flight and the invocation's time, the overdue-push watch, the bad-token majority read over the
 * whole batch, and what becomes of each message. Groups are added, then the batch finished, by one
 * thread.
 */
public final class BatchSending {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverySender.class);
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

    private final SenderParts parts;
    private final VerdictWriter verdicts;
    private final List<QueuedGroup> batch = new ArrayList<>();
    private final List<CompletableFuture<GroupClaims.Claimed>> claims = new ArrayList<>();
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
    private final BatchTally tally = new BatchTally();
    /**
     * Room for pushes awaiting an answer: a push takes a permit and gives it back once its answer
     * is read, so holding every permit means every push of the batch has been answered.
     */
    private final Semaphore inFlight;
    /** How many pushes the batch made: counted by the thread that adds groups. */
    private int pushed;
    /** The groups being sent; read by the check for overdue pushes while groups are added. */
    private final List<GroupSending> groups = new CopyOnWriteArrayList<>();
    /** The periodic check for pushes past their time, from the batch's first push to its last answer. */
    private ScheduledFuture<?> overdueCheck;
    /** Whether any push of the batch was answered that its token is bad (held back for the majority rule). */
    private volatile boolean badTokenAnswered;

    BatchSending(SenderParts parts, VerdictWriter verdicts, Instant at, TimeLeft timeLeft) {
        this.parts = parts;
        this.verdicts = verdicts;
        this.at = at;
        this.timeLeft = timeLeft;
        this.inFlight = new Semaphore(parts.settings().maxInFlight());
        this.pushCutoff = parts.settings().pushTimeout().plus(DeliverySender.TIME_TO_FINISH).toMillis();
    }

    /**
     * Adds a group: its devices are read and it is claimed on a store worker; the groups claimed
     * so far, in the batch's order, start pushing (waiting for room in flight).
     */
    public void add(QueuedGroup queued) {
        batch.add(queued);
        claims.add(parts.storeCalls().submit(() -> GroupClaims.claim(parts, queued, at)));
        startClaimed(false);
    }

    /**
     * Starts what is left, waits for every answer and every record, and says, per queue message
     * id, what should become of the message.
     */
    public Map<String, MessageOutcome> finish() {
        int room = parts.settings().maxInFlight();
        try {
            startClaimed(true);
            inFlight.acquireUninterruptibly(room);
            inFlight.release(room);
        } finally {
            if (overdueCheck != null) {
                overdueCheck.cancel(false);
            }
        }
        concludeBadTokens();
        CompletableFuture.allOf(groups.stream().map(GroupSending::finished).toArray(CompletableFuture[]::new)).join();
        tally.log(parts.provider(), batch.stream().map(queued -> queued.group().requestId()).distinct().toList(),
                batch.size(), pushed, deferred);
        return reports;
    }

    /** What the batch did, for its metrics: read once {@link #finish} has returned. */
    public BatchReport report() {
        List<Double> latencies = new ArrayList<>(pushed);
        for (GroupSending group : groups) {
            for (long nanos : group.latencies()) {
                if (nanos > 0) {
                    latencies.add(nanos / 1e6);
                }
            }
        }
        return tally.report(deferred, latencies);
    }

    Instant at() {
        return at;
    }

    /**
     * Waits for room in flight and takes it for a push, unless the invocation's time has run
     * short: then, and for the rest of the batch, it takes none and counts the delivery as deferred.
     */
    boolean takeRoomForAPush() {
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
        LOG.atWarn().addKeyValue("provider", parts.provider()).addKeyValue("time_left_ms", left)
                .log("{} batch stops pushing with {} ms left: a push may take {} s and recording {} s; the rest"
                        + " is tried again later", parts.provider(), left, parts.settings().pushTimeout().toSeconds(),
                        DeliverySender.TIME_TO_FINISH.toSeconds());
        return false;
    }

    /** A push leaves (with room taken for it): counted, and watched for its time. */
    void pushing() {
        pushed++;
        if (overdueCheck == null) {
            // a push without an answer pushTimeout after it left is failed: read as the service being
            // unavailable (checked a tenth of the timeout apart, at least every second)
            long timeout = parts.settings().pushTimeout().toNanos();
            long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), timeout / 10));
            overdueCheck = OVERDUE_CHECKS.scheduleWithFixedDelay(() -> {
                long now = System.nanoTime();
                groups.forEach(group -> group.failOverdue(now, timeout));
            }, period, period, TimeUnit.NANOSECONDS);
        }
    }

    /** A push's answer has been read: its room in flight is free again. */
    void answerRead() {
        inFlight.release();
    }

    void badTokenAnswered() {
        badTokenAnswered = true;
    }

    /** What the batch counts as it goes. */
    BatchTally tally() {
        return tally;
    }

    void report(String messageId, MessageOutcome outcome) {
        reports.put(messageId, outcome);
    }

    /** Starts the groups whose claims are in, in the batch's order; with {@code wait}, all of them. */
    private void startClaimed(boolean wait) {
        while (started < batch.size() && (wait || claims.get(started).isDone())) {
            QueuedGroup queued = batch.get(started);
            CompletableFuture<GroupClaims.Claimed> claim = claims.get(started);
            started++;
            GroupClaims.Claimed claimed;
            try {
                claimed = claim.join();
            } catch (CompletionException failure) {
                reports.put(queued.messageId(), retryUnclaimed(queued, SenderParts.causeOf(failure)));
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
            GroupSending group = new GroupSending(parts, verdicts, this, queued, claimed.claim().before(),
                    claimed.devices());
            groups.add(group);
            group.start();
        }
    }

    /** A group whose devices could not be read or claim written is tried again later; nothing was pushed for it. */
    private static MessageOutcome retryUnclaimed(QueuedGroup queued, Throwable cause) {
        if (!(cause instanceof RegistryException) && !(cause instanceof TransientFailure)) {
            LOG.error("the group {} of {} failed", queued.group().number(), queued.group().requestId(), cause);
        }
        return MessageOutcome.retry(SenderParts.describe(cause));
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
        for (GroupSending group : groups) {
            for (int index = 0; index < DeliveryGroup.MAX_SIZE; index++) {
                PushResult answer = group.answer(index);
                if (answer != null) {
                    answers.put(new Pushed(group, index), answer);
                }
            }
        }
        Map<Pushed, PushResult> read = VerdictRules.readBadTokenMajority(answers, Pushed::delivery,
                parts.settings().badTokenQuorum(), parts.gateway().provider());
        answers.forEach((pushed, answer) -> {
            if (answer instanceof PushResult.BadToken) {
                pushed.group().concludeLater(pushed.group().slotAt(pushed.index()), read.get(pushed));
            }
        });
    }

    /** One pushed slot of a group, for reading the batch's answers together. */
    private record Pushed(GroupSending group, int index) {
        Delivery delivery() {
            return group.slotAt(index).delivery();
        }
    }
}
