package dev.pushregistry.core.sending;

import dev.pushregistry.core.device.DeletionReason;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.LiveActivities;
import dev.pushregistry.core.device.LiveActivity;
import dev.pushregistry.core.device.LiveActivityEnding;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.person.HistoryEventType;
import dev.pushregistry.core.registry.RegistryChange;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a push service's answer does: to the delivery (its outcome), to the device (a status change
 * or a delete, only on the registration the delivery was planned for), to the owner's history, and
 * to the queue message (done, retried or dead-lettered). Pure rules, no I/O: the sender reads,
 * pushes and writes what these rules decide.
 */
public final class VerdictRules {
    private VerdictRules() {
    }

    /**
     * Why a claimed delivery is not pushed after all, if it is not: the device stopped being the
     * planned person's (moved, logged out, deleted), became suppressed, or turned notifications off
     * for a visible push; or an earlier attempt at the same delivery already pushed it and wrote the
     * device change, so its outcome is what that change made of the device.
     *
     * @param current the device as it is now, or {@code null} when it is gone
     */
    public static Optional<DeliveryOutcome> skipBeforePush(Delivery delivery, Device current) {
        if (current == null || !current.isOwnedBy(delivery.personId())) {
            return Optional.of(DeliveryOutcome.SKIPPED_STALE);
        }
        if (delivery.liveActivityToken() != null) {
            return holdsLiveActivityToken(current, delivery) ? Optional.empty() : Optional.of(DeliveryOutcome.SKIPPED_STALE);
        }
        Optional<DeliveryOutcome> decided = decidedEarlier(delivery, current);
        if (decided.isPresent()) {
            return decided;
        }
        return DeliveryPlanner.skipReason(current, delivery.message()).map(reason -> switch (reason) {
            case SUPPRESSED -> DeliveryOutcome.SKIPPED_SUPPRESSED;
            case PUSH_DISABLED -> DeliveryOutcome.SKIPPED_PUSH_DISABLED;
            case UNSUBSCRIBED -> throw new IllegalStateException("not a device skip");
        });
    }

    /**
     * The verdict on one answer.
     *
     * @param current the device as it is now, or {@code null} when it is gone
     * @param finalAttempt whether the queue message is on its last attempt
     * @param version the version of the change a verdict makes: newer than {@code current}'s
     */
    public static Verdict verdict(Delivery delivery, Device current, PushResult result, boolean finalAttempt,
                                  long version) {
        if (result instanceof PushResult.Misconfigured misconfigured) {
            return Verdict.fail(misconfigured.reason());
        }
        if (result instanceof PushResult.Unavailable unavailable) {
            return finalAttempt
                    ? Verdict.fail(MessageOutcome.retryBudgetSpent(unavailable.reason()))
                    : Verdict.retry(unavailable.reason());
        }
        if (delivery.liveActivityToken() != null) {
            return liveActivityVerdict(delivery, current, result, version);
        }
        boolean planned = current != null && delivery.addressedTo(current);
        Optional<DeliveryOutcome> decided = planned ? decidedEarlier(delivery, current) : Optional.empty();
        if (decided.isPresent()) {
            return Verdict.record(decided.get(), null);
        }
        if (result instanceof PushResult.Accepted) {
            return Verdict.record(DeliveryOutcome.SENT, planned && current.status() != DeviceStatus.SENT
                    ? RegistryChange.withVersion(version)
                            .replace(current, withStatus(current, DeviceStatus.SENT, delivery)).build()
                    : null);
        }
        if (!planned) {
            return Verdict.record(DeliveryOutcome.SKIPPED_STALE, null);
        }
        if (result instanceof PushResult.Unregistered unregistered) {
            boolean registeredBefore = unregistered.invalidSince()
                    .map(invalidSince -> delivery.registeredAt().isBefore(invalidSince))
                    .orElse(true);
            if (!registeredBefore) {
                return Verdict.record(DeliveryOutcome.SKIPPED_STALE, null);
            }
            RegistryChange.Builder change = RegistryChange.withVersion(version)
                    .remove(current, DeletionReason.UNREGISTERED);
            return Verdict.record(DeliveryOutcome.DELETED, change
                    .event(delivery.personId(), new HistoryEvent(change.at(), HistoryEventType.DELETED_UNREGISTERED,
                            current.address(), null, null))
                    .build());
        }
        if (result instanceof PushResult.BadToken) {
            DeviceStatus next = current.status().afterPermanentFailure();
            if (next == current.status()) {
                return Verdict.record(DeliveryOutcome.SUPPRESSED, null);
            }
            RegistryChange.Builder change = RegistryChange.withVersion(version)
                    .replace(current, withStatus(current, next, delivery));
            if (next == DeviceStatus.SUPPRESSED) {
                change.event(delivery.personId(),
                        new HistoryEvent(change.at(), HistoryEventType.SUPPRESSED, current.address(), null, null));
            }
            return Verdict.record(next == DeviceStatus.SUPPRESSED ? DeliveryOutcome.SUPPRESSED : DeliveryOutcome.BOUNCED,
                    change.build());
        }
        throw new IllegalArgumentException("no verdict for " + result);
    }

    /**
     * Reads the answers of one batch as a whole, route by route (an app's credentials and, for APNs,
     * the endpoint): when most distinct tokens of a route (at least {@code quorum}) come back as bad
     * tokens, the fault is the route's (development tokens sent to production, a key or project of
     * another app), not the devices'. Then every bad-token answer of that route becomes a
     * configuration error whose reason says so, and none of its devices is bounced; other routes'
     * answers are read on their own.
     *
     * @param delivery the delivery each key was pushed for
     * @param provider the push service, for the reason
     */
    public static <K> Map<K, PushResult> readBadTokenMajority(Map<K, PushResult> results, Function<K, Delivery> delivery,
                                                              int quorum, Provider provider) {
        Map<PushRoute, Set<String>> tokens = new LinkedHashMap<>();
        Map<PushRoute, Set<String>> badTokens = new LinkedHashMap<>();
        Map<PushRoute, Set<String>> reasons = new LinkedHashMap<>();
        results.forEach((key, result) -> {
            Delivery pushed = delivery.apply(key);
            tokens.computeIfAbsent(pushed.route(), route -> new LinkedHashSet<>()).add(pushed.token());
            if (result instanceof PushResult.BadToken bad) {
                badTokens.computeIfAbsent(pushed.route(), route -> new LinkedHashSet<>()).add(pushed.token());
                reasons.computeIfAbsent(pushed.route(), route -> new TreeSet<>()).add(bad.reason());
            }
        });
        Map<PushRoute, PushResult> misconfigured = new HashMap<>();
        badTokens.forEach((route, bad) -> {
            int all = tokens.get(route).size();
            if (all >= quorum && bad.size() * 2 > all) {
                misconfigured.put(route, new PushResult.Misconfigured(bad.size() + " of " + all + " tokens of "
                        + route.describe(provider) + " in one batch were refused (" + reasons.get(route) + "): its "
                        + provider.wire() + " credentials or endpoint probably belong to another environment or"
                        + " project, so no device was bounced"));
            }
        });
        if (misconfigured.isEmpty()) {
            return results;
        }
        Map<K, PushResult> read = new LinkedHashMap<>();
        results.forEach((key, result) -> read.put(key, result instanceof PushResult.BadToken
                ? misconfigured.getOrDefault(delivery.apply(key).route(), result) : result));
        return read;
    }

    /**
     * The verdict on a Live Activity push: an accepted update or end marks its activity {@code sent}
     * (when it was not), an accepted start changes nothing; a token APNs calls unregistered or bad
     * ends that activity, or removes that start token from its device, which is never bounced; and
     * only while the device still holds the token the push was planned with, for its planned owner.
     * A change gives the device a new registration version, so that no write decided on the device
     * as it was can bring the token back.
     */
    private static Verdict liveActivityVerdict(Delivery delivery, Device current, PushResult result, long version) {
        boolean held = current != null && current.isOwnedBy(delivery.personId()) && holdsLiveActivityToken(current, delivery);
        LiveActivityPush push = delivery.message().liveActivity().orElseThrow();
        if (result instanceof PushResult.Accepted) {
            if (!held || push.event() == LiveActivityPush.Event.START) {
                return Verdict.record(DeliveryOutcome.SENT, null);
            }
            String activityId = push.activityId().orElseThrow();
            LiveActivities marked = current.liveActivities().withActivityStatus(activityId, DeviceStatus.SENT);
            return Verdict.record(DeliveryOutcome.SENT, marked.equals(current.liveActivities()) ? null
                    : withLiveActivities(current, marked, version));
        }
        if (!held) {
            return Verdict.record(DeliveryOutcome.SKIPPED_STALE, null);
        }
        if (result instanceof PushResult.Unregistered || result instanceof PushResult.BadToken) {
            LiveActivities left = push.event() == LiveActivityPush.Event.START
                    ? current.liveActivities().withoutStartToken(push.activityType().orElseThrow())
                    : current.liveActivities().withoutActivity(push.activityId().orElseThrow(), LiveActivityEnding.UNREGISTERED);
            return Verdict.record(DeliveryOutcome.DELETED, withLiveActivities(current, left, version));
        }
        throw new IllegalArgumentException("no verdict for " + result);
    }

    /** The device with other Live Activity tokens, as a new registration at {@code version}. */
    private static RegistryChange withLiveActivities(Device current, LiveActivities tokens, long version) {
        return RegistryChange.withVersion(version)
                .replace(current, current.toBuilder().liveActivities(tokens).registrationVersion(version).build())
                .build();
    }

    /** Whether the device still holds the Live Activity token the delivery was planned with. */
    private static boolean holdsLiveActivityToken(Device current, Delivery delivery) {
        LiveActivityPush push = delivery.message().liveActivity().orElseThrow();
        String held = push.event() == LiveActivityPush.Event.START
                ? current.liveActivities().startTokens().get(push.activityType().orElseThrow())
                : Optional.ofNullable(current.liveActivities().activities().get(push.activityId().orElseThrow()))
                        .map(LiveActivity::token).orElse(null);
        return delivery.liveActivityToken().equals(held);
    }

    /** The device with the status a delivery's answer gave it, marked with the delivery's request. */
    private static Device withStatus(Device device, DeviceStatus status, Delivery delivery) {
        return device.toBuilder().status(status).lastRequest(delivery.requestId()).build();
    }

    /**
     * The outcome an earlier attempt at this delivery gave it, when that attempt's device change is
     * on the registration it was planned for (the device is marked with the delivery's request).
     */
    private static Optional<DeliveryOutcome> decidedEarlier(Delivery delivery, Device current) {
        if (!delivery.addressedTo(current) || !current.lastRequest().equals(Optional.of(delivery.requestId()))) {
            return Optional.empty();
        }
        return switch (current.status()) {
            case SENT -> Optional.of(DeliveryOutcome.SENT);
            case BOUNCED -> Optional.of(DeliveryOutcome.BOUNCED);
            case SUPPRESSED -> Optional.of(DeliveryOutcome.SUPPRESSED);
            case UNUSED -> Optional.empty();
        };
    }

    /**
     * What becomes of a delivery after an answer.
     *
     * @param kind record an outcome, fail the delivery, or retry it later
     * @param outcome the outcome to record ({@link DeliveryOutcome#FAILED} for a failure), or
     *     {@code null} for a retry
     * @param change the device change recorded with the outcome, or {@code null} when the device
     *     stays as it is
     * @param reason why the delivery fails or is retried, or {@code null} for a recorded outcome
     */
    public record Verdict(Kind kind, DeliveryOutcome outcome, RegistryChange change, String reason) {
        /** What a verdict does with the delivery and its queue message. */
        public enum Kind {
            /** Record the outcome with the device change; the message is done. */
            RECORD,
            /** Record {@code failed}; the message is dead-lettered with the reason. */
            FAIL,
            /** Record nothing; the message comes back later. */
            RETRY
        }

        public Verdict {
            Objects.requireNonNull(kind, "kind");
        }

        static Verdict record(DeliveryOutcome outcome, RegistryChange change) {
            return new Verdict(Kind.RECORD, Objects.requireNonNull(outcome, "outcome"), change, null);
        }

        static Verdict fail(String reason) {
            return new Verdict(Kind.FAIL, DeliveryOutcome.FAILED, null, Objects.requireNonNull(reason, "reason"));
        }

        static Verdict retry(String reason) {
            return new Verdict(Kind.RETRY, null, null, Objects.requireNonNull(reason, "reason"));
        }
    }
}
