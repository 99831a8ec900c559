package dev.pushregistry.core.sending;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What becomes of a group's message once every delivery this attempt worked on has a result: the
 * rule alone, with no store and no push service, so that each case is a row of its test.
 *
 * <ul>
 *   <li>{@link #toRecord}: the decided outcomes to write, and the reason of the first failure;</li>
 *   <li>{@link #afterRecording}: with those written, what the message's disposition is
 *       (a hand-over for answers that could not be applied, a retry, a dead letter for failures
 *       of this or an earlier attempt, or done);</li>
 *   <li>{@link #leaveForLater}: when they could not be written either, how the work goes on without
 *       pushing again.</li>
 * </ul>
 */
final class GroupConclusion {
    private GroupConclusion() {
    }

    /**
     * The outcomes to record.
     *
     * @param outcomes decided outcomes by slot index
     * @param failure why the first failed delivery failed, if one did
     */
    record Recording(Map<Integer, DeliveryOutcome> outcomes, Optional<String> failure) {
    }

    /** The decided outcomes among {@code results} (slot index to result), in slot order. */
    static Recording toRecord(Map<Integer, SlotResult> results) {
        Map<Integer, DeliveryOutcome> decided = new TreeMap<>();
        Optional<String> failure = Optional.empty();
        for (Map.Entry<Integer, SlotResult> entry : new TreeMap<>(results).entrySet()) {
            if (entry.getValue() instanceof SlotResult.Decided slot) {
                decided.put(entry.getKey(), slot.outcome());
                if (slot.outcome() == DeliveryOutcome.FAILED && failure.isEmpty()) {
                    failure = Optional.ofNullable(slot.reason());
                }
            }
        }
        return new Recording(decided, failure);
    }

    /**
     * The message's disposition once the decided outcomes are on record.
     *
     * @param group the message's group: its slots, and what it carries from earlier attempts
     * @param before the group's record as it was before this attempt
     * @param results this attempt's results by slot index (slots it did not work on have none)
     * @param anyAnswered whether this attempt pushed and heard back at least once
     */
    static MessageOutcome afterRecording(QueuedGroup group, GroupRecord before, Map<Integer, SlotResult> results,
                                         boolean anyAnswered) {
        Map<Integer, SlotResult> ordered = new TreeMap<>(results);
        Optional<String> unapplied = first(ordered, SlotResult.Unapplied.class).map(SlotResult.Unapplied::reason);
        if (unapplied.isPresent()) {
            return leaveForLater(group, ordered, anyAnswered, unapplied.get(), false);
        }
        Optional<String> retry = first(ordered, SlotResult.Retry.class).map(SlotResult.Retry::reason);
        if (retry.isPresent()) {
            return MessageOutcome.retry(retry.get());
        }
        return toRecord(ordered).failure().or(() -> failedByAnEarlierAttempt(group, before, ordered))
                .map(MessageOutcome::deadLetter).orElse(MessageOutcome.done());
    }

    /**
     * Leaves the group's unrecorded work for a later attempt without pushing again: when this
     * attempt pushed, a follow-up message takes over with the answers and outcomes it must record
     * (and the slots still to push); otherwise the message itself, with whatever it carries, is
     * tried again.
     *
     * @param results this attempt's results by slot index, one for every slot it worked on
     * @param decidedUnrecorded whether the decided outcomes are unrecorded too (their write failed)
     */
    static MessageOutcome leaveForLater(QueuedGroup queued, Map<Integer, SlotResult> results, boolean anyAnswered,
                                        String reason, boolean decidedUnrecorded) {
        Map<Integer, PushResult> answersToRecord = new TreeMap<>();
        Map<Integer, DeliveryOutcome> outcomesToRecord = new TreeMap<>();
        List<DeliveryGroup.Slot> left = new ArrayList<>();
        Optional<String> failure = Optional.empty();
        for (DeliveryGroup.Slot slot : queued.group().slots()) {
            SlotResult result = results.get(slot.index());
            if (result == null) {
                continue;
            }
            if (result instanceof SlotResult.Unapplied unapplied) {
                answersToRecord.put(slot.index(), unapplied.answer());
            } else if (result instanceof SlotResult.Decided decided) {
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
        if (!anyAnswered) {
            return MessageOutcome.retry(reason);
        }
        DeliveryGroup group = queued.group();
        return MessageOutcome.handOver(reason, new MessageOutcome.FollowUp(
                new DeliveryGroup(group.requestId(), group.number(), group.provider(), group.appId(), group.message(),
                        left),
                new PriorWork(queued.claimId(), answersToRecord, outcomesToRecord, failure)));
    }

    /**
     * Why an earlier attempt of this message failed some of its deliveries, if it did: the message
     * goes to the dead letters for them once the rest is done, so that it can be moved back.
     */
    private static Optional<String> failedByAnEarlierAttempt(QueuedGroup queued, GroupRecord before,
                                                             Map<Integer, SlotResult> results) {
        boolean failedBefore = queued.group().slots().stream().anyMatch(slot -> results.get(slot.index()) == null
                && before.outcome(slot.index()).equals(Optional.of(DeliveryOutcome.FAILED)));
        return failedBefore ? before.reason().or(() -> Optional.of("an earlier attempt failed some deliveries"))
                : Optional.empty();
    }

    private static <T extends SlotResult> Optional<T> first(Map<Integer, SlotResult> results, Class<T> kind) {
        return results.values().stream().filter(kind::isInstance).map(kind::cast).findFirst();
    }
}
