package dev.pushregistry.core.sending;

import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.core.registry.OptimisticRetry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed group of a batch: its pushes, each answer's verdict on its device, and once every
 * delivery it works on has a result, its record and its message's disposition
 * ({@link GroupConclusion}).
 */
final class GroupSending {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverySender.class);
    private static final OptimisticRetry.Attempt FIRST_ATTEMPT = new OptimisticRetry.Attempt(1, 0);
    private static final String OUT_OF_TIME = "the invocation's time ran short before this push";

    private final SenderParts parts;
    private final VerdictWriter verdicts;
    private final BatchSending batch;
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

    GroupSending(SenderParts parts, VerdictWriter verdicts, BatchSending batch, QueuedGroup queued, GroupRecord before,
                 Map<DeviceAddress, Device> devices) {
        this.parts = parts;
        this.verdicts = verdicts;
        this.batch = batch;
        this.queued = queued;
        this.before = before;
        this.devices = devices;
        queued.group().slots().forEach(slot -> slots[slot.index()] = slot);
        this.working = queued.group().slots().stream().filter(this::needsWork).toList();
        this.open = new AtomicInteger(working.size());
    }

    DeliveryGroup.Slot slotAt(int index) {
        return slots[index];
    }

    /** This attempt's answer for the slot at {@code index}, if it pushed it and heard back. */
    PushResult answer(int index) {
        return answers.get(index);
    }

    /** Each push's time from request to answer in nanoseconds (0: not pushed or not answered). */
    long[] latencies() {
        return latencies;
    }

    /** Completes once the group's message has its disposition. */
    CompletableFuture<Void> finished() {
        return finished;
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
                settle(slot, new SlotResult.Decided(outcome, prior.get().reason().orElse(null)));
                continue;
            }
            if (prior.isPresent() && prior.get().answers().containsKey(slot.index())) {
                concludeLater(slot, prior.get().answers().get(slot.index()));
                continue;
            }
            Optional<DeliveryOutcome> skip = VerdictRules.skipBeforePush(delivery, device(slot));
            if (skip.isPresent()) {
                settle(slot, new SlotResult.Decided(skip.get(), null));
                continue;
            }
            if (!batch.takeRoomForAPush()) {
                settle(slot, new SlotResult.Retry(OUT_OF_TIME));
                continue;
            }
            batch.pushing();
            int index = slot.index();
            pushedAt[index] = System.nanoTime();
            CompletableFuture<PushResult> answer = parts.push(delivery);
            awaited.set(index, answer);
            answer.whenComplete((result, failure) -> answered(slot, failure == null ? result
                    : SenderParts.unavailable(failure)));
        }
    }

    /** Fails the pushes that have waited {@code timeout} nanoseconds or more for their answer by {@code now}. */
    void failOverdue(long now, long timeout) {
        for (int index = 0; index < DeliveryGroup.MAX_SIZE; index++) {
            CompletableFuture<PushResult> answer = awaited.get(index);
            if (answer != null && !answer.isDone() && now - pushedAt[index] >= timeout) {
                answer.completeExceptionally(new TimeoutException("no answer in " + parts.settings().pushTimeout()));
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
                batch.badTokenAnswered();
            } else {
                concludeLater(slot, result);
            }
        } catch (RuntimeException unexpected) {
            LOG.error("the answer to a {} push could not be concluded", parts.provider(), unexpected);
            settle(slot, SlotResult.unapplied(result, "the answer could not be concluded: "
                    + SenderParts.describe(unexpected)));
        } finally {
            batch.answerRead();
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
        batch.tally().answer(slot.delivery(), answer);
        Device device = device(slot);
        VerdictRules.Verdict verdict = VerdictRules.verdict(slot.delivery(), device, answer, queued.finalAttempt(),
                FIRST_ATTEMPT.versionAfter(batch.at(), device == null ? 0 : device.registrationVersion()));
        if (verdict.kind() == VerdictRules.Verdict.Kind.RECORD && verdict.change() == null) {
            settle(slot, new SlotResult.Decided(verdict.outcome(), null));
            return;
        }
        parts.storeCalls().submit(() -> verdicts.conclude(slot.delivery(), answer, verdict, queued.finalAttempt(),
                batch.at())).whenComplete((result, failure) ->
                settle(slot, failure == null ? result : verdicts.unapplied(answer, SenderParts.causeOf(failure))));
    }

    private void settle(DeliveryGroup.Slot slot, SlotResult result) {
        results.set(slot.index(), result);
        if (open.decrementAndGet() == 0) {
            parts.storeCalls().submit(this::finish);
        }
    }

    /** Records the group's outcomes and decides what becomes of its message; never throws. */
    private MessageOutcome finish() {
        MessageOutcome outcome;
        Map<Integer, SlotResult> settled = settled();
        try {
            outcome = recordAndDecide(settled);
        } catch (RuntimeException unexpected) {
            LOG.error("the group {} of {} failed", queued.group().number(), queued.group().requestId(), unexpected);
            outcome = GroupConclusion.leaveForLater(queued, settled, anyAnswered(), SenderParts.describe(unexpected), true);
        }
        batch.report(queued.messageId(), outcome);
        finished.complete(null);
        return outcome;
    }

    private MessageOutcome recordAndDecide(Map<Integer, SlotResult> settled) {
        GroupConclusion.Recording recording = GroupConclusion.toRecord(settled);
        if (!recording.outcomes().isEmpty()) {
            try {
                parts.recorder().record(queued, before, recording.outcomes(), recording.failure(), batch.at());
            } catch (RegistryException | TransientFailure trouble) {
                LOG.warn("could not record the outcomes of group {} of {}: {}", queued.group().number(),
                        queued.group().requestId(), trouble.getMessage());
                return GroupConclusion.leaveForLater(queued, settled, anyAnswered(),
                        "could not record the outcomes: " + trouble.getClass().getSimpleName(), true);
            }
            recording.outcomes().values().forEach(batch.tally()::recorded);
        }
        return GroupConclusion.afterRecording(queued, before, settled, anyAnswered());
    }

    /** This attempt's result for every slot it worked on, by index. */
    private Map<Integer, SlotResult> settled() {
        Map<Integer, SlotResult> settled = new HashMap<>();
        for (int index = 0; index < DeliveryGroup.MAX_SIZE; index++) {
            SlotResult result = results.get(index);
            if (result != null) {
                settled.put(index, result);
            }
        }
        return settled;
    }

    private boolean anyAnswered() {
        for (int index = 0; index < DeliveryGroup.MAX_SIZE; index++) {
            if (answers.get(index) != null) {
                return true;
            }
        }
        return false;
    }
}
