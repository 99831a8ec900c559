package dev.pushregistry.sending;

import dev.pushregistry.device.Device;
import dev.pushregistry.device.TokenMask;
import dev.pushregistry.error.ConflictException;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.error.TransientFailure;
import dev.pushregistry.registry.OptimisticRetry;
import dev.pushregistry.registry.RegistryStore;
import dev.pushregistry.time.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a batch of deliveries through one push service and records what each one did to its device.
 *
 * <p>For every delivery: claim it (a copy already decided or held by another message is dropped),
 * check that the device still belongs to the person it was planned for (else nothing is pushed),
 * push, and record the outcome together with the device change it causes. That change is a
 * conditional write on the registration the delivery was planned for: a device re-registered,
 * moved or logged out since keeps its newer state, and the verdict is counted as stale. A status is
 * written only when it changes.
 *
 * <p>Rejections that are not the device's fault fail the delivery without touching the device; so
 * does a batch in which most distinct tokens come back as bad tokens, the mark of credentials for
 * the wrong environment or project. Transient trouble leaves the delivery for a later attempt, until
 * the retry budget runs out. A push the service answered is never repeated for want of a written
 * outcome: a follow-up message carries the answer and records it ({@link PriorPush}).
 */
public final class DeliverySender {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverySender.class);
    private static final int VERDICT_ATTEMPTS = 5;

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

    /** Sends the batch; the answer says, per queue message id, what should become of the message. */
    public Map<String, MessageOutcome> send(List<QueuedDelivery> batch, Instant now) {
        Instant at = Timestamps.truncate(now);
        Map<String, MessageOutcome> reports = new LinkedHashMap<>();
        Map<DeliveryOutcome, Integer> tally = new ConcurrentHashMap<>();
        List<QueuedDelivery> claimed = new ArrayList<>();
        List<QueuedDelivery> toRecord = batch.stream().filter(queued -> queued.pushed().isPresent()).toList();
        List<QueuedDelivery> toClaim = batch.stream().filter(queued -> queued.pushed().isEmpty()).toList();
        storeCalls.apply(toClaim, queued -> sends.claim(queued.delivery(), queued.messageId(), at)).forEach((queued, claim) -> {
            if (claim == SendStore.Claim.CLAIMED) {
                claimed.add(queued);
            } else {
                LOG.debug("delivery of {} to {} dropped: {}", queued.delivery().requestId(),
                        TokenMask.mask(queued.delivery().token()), claim);
                reports.put(queued.messageId(), MessageOutcome.done());
            }
        });
        List<String> tokens = new ArrayList<>();
        claimed.forEach(queued -> tokens.add(queued.delivery().token()));
        toRecord.forEach(queued -> tokens.add(queued.delivery().token()));
        Map<String, Device> devices = registry.findDevices(tokens, at);
        Map<QueuedDelivery, DeliveryOutcome> skipped = new LinkedHashMap<>();
        List<QueuedDelivery> toPush = new ArrayList<>();
        for (QueuedDelivery queued : claimed) {
            VerdictRules.skipBeforePush(queued.delivery(), devices.get(queued.delivery().token()))
                    .ifPresentOrElse(skip -> skipped.put(queued, skip), () -> toPush.add(queued));
        }
        storeCalls.apply(new ArrayList<>(skipped.keySet()), queued -> {
            DeliveryOutcome skip = skipped.get(queued);
            sends.recordOutcome(queued.delivery(), queued.claimId(), skip, null, null, at);
            tally.merge(skip, 1, Integer::sum);
            return MessageOutcome.done();
        }).forEach((queued, done) -> reports.put(queued.messageId(), done));
        Map<QueuedDelivery, PushResult> results = new LinkedHashMap<>(VerdictRules.readBadTokenMajority(
                pushAll(toPush), queued -> queued.delivery().token(), settings.badTokenQuorum(), gateway.provider().wire()));
        toRecord.forEach(queued -> results.put(queued, queued.pushed().orElseThrow().result()));
        storeCalls.apply(new ArrayList<>(results.keySet()), queued -> concludeOrRetry(queued, results.get(queued),
                devices.get(queued.delivery().token()), at, tally))
                .forEach((queued, outcome) -> reports.put(queued.messageId(), outcome));
        LOG.info("{} batch of {}: {} pushed, outcomes {}", gateway.provider().wire(), batch.size(), toPush.size(),
                new TreeMap<>(tally));
        return reports;
    }

    /**
     * Records {@code failed} for a delivery whose last attempt ends without an outcome (its outcome
     * could not be written, or the whole batch failed), so that its send's summary still finishes;
     * its message is dead-lettered with the same reason. Best effort: when the table refuses again,
     * the dead letter is the only record. A delivery another message holds is left to that message.
     */
    public void giveUp(QueuedDelivery queued, String reason, Instant now) {
        Instant at = Timestamps.truncate(now);
        try {
            if (queued.pushed().isPresent()
                    || sends.claim(queued.delivery(), queued.messageId(), at) == SendStore.Claim.CLAIMED) {
                sends.recordOutcome(queued.delivery(), queued.claimId(), DeliveryOutcome.FAILED, reason, null, at);
            }
        } catch (RegistryException | TransientFailure trouble) {
            LOG.error("could not record that the delivery to {} failed, so its send stays pending: {}",
                    TokenMask.mask(queued.delivery().token()), trouble.getMessage());
        }
    }

    /** Pushes everything with at most {@code maxInFlight} awaiting an answer, and waits for all answers. */
    private Map<QueuedDelivery, PushResult> pushAll(List<QueuedDelivery> toPush) {
        Semaphore inFlight = new Semaphore(settings.maxInFlight());
        Map<QueuedDelivery, CompletableFuture<PushResult>> futures = new LinkedHashMap<>();
        for (QueuedDelivery queued : toPush) {
            inFlight.acquireUninterruptibly();
            CompletableFuture<PushResult> answer;
            try {
                answer = gateway.push(queued.delivery());
            } catch (RuntimeException failure) {
                answer = CompletableFuture.failedFuture(failure);
            }
            futures.put(queued, answer
                    .orTimeout(settings.pushTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .handle((result, failure) -> failure == null ? result : unavailable(failure))
                    .whenComplete((result, ignored) -> inFlight.release()));
        }
        Map<QueuedDelivery, PushResult> results = new LinkedHashMap<>();
        futures.forEach((queued, future) -> results.put(queued, future.join()));
        return results;
    }

    private static PushResult unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return new PushResult.Unavailable("no answer from the push service in time");
        }
        return new PushResult.Unavailable("could not reach the push service: " + cause.getClass().getSimpleName());
    }

    /** A delivery whose outcome cannot be written now is left for another attempt; the others go on. */
    private MessageOutcome concludeOrRetry(QueuedDelivery queued, PushResult result, Device device, Instant at,
                                           Map<DeliveryOutcome, Integer> tally) {
        try {
            return conclude(queued, result, device, at, tally);
        } catch (RegistryException | TransientFailure trouble) {
            LOG.warn("could not record the outcome for {}: {}", TokenMask.mask(queued.delivery().token()),
                    trouble.getMessage());
            return recordLater(queued, result, "could not record the outcome: " + trouble.getClass().getSimpleName());
        }
    }

    /**
     * Leaves the outcome for a later attempt without pushing again: a push the service answered is
     * handed over to a follow-up message that carries the answer and only records it.
     */
    private static MessageOutcome recordLater(QueuedDelivery queued, PushResult result, String reason) {
        if (queued.pushed().isEmpty() && PriorPush.isDefinitive(result)) {
            return MessageOutcome.handOver(reason, new MessageOutcome.FollowUp(queued.delivery(),
                    new PriorPush(queued.messageId(), result)));
        }
        return MessageOutcome.retry(reason);
    }

    /**
     * Applies the verdict on the answer to the device as it is: the one read before the push on the
     * first attempt, the one read again after a concurrent change got in the way.
     */
    private MessageOutcome conclude(QueuedDelivery queued, PushResult result, Device device, Instant at,
                                    Map<DeliveryOutcome, Integer> tally) {
        Delivery delivery = queued.delivery();
        try {
            return retry.run(attempt -> {
                Device current = attempt.isFirst() ? device : registry.findDevice(delivery.token(), at).orElse(null);
                VerdictRules.Verdict verdict = VerdictRules.verdict(delivery, current, result, queued.finalAttempt(),
                        attempt.versionAfter(at, current == null ? 0 : current.registrationVersion()));
                return switch (verdict.kind()) {
                    case FAIL -> {
                        LOG.error("{} delivery to {} failed: {}", gateway.provider().wire(),
                                TokenMask.mask(delivery.token()), verdict.reason());
                        yield fail(queued, verdict.reason(), at, tally);
                    }
                    case RETRY -> {
                        LOG.warn("{} unavailable for {}, will retry: {}", gateway.provider().wire(),
                                TokenMask.mask(delivery.token()), verdict.reason());
                        yield MessageOutcome.retry(verdict.reason());
                    }
                    case RECORD -> {
                        sends.recordOutcome(delivery, queued.claimId(), verdict.outcome(), null, verdict.change(), at);
                        tally.merge(verdict.outcome(), 1, Integer::sum);
                        yield MessageOutcome.done();
                    }
                };
            });
        } catch (ConflictException conflict) {
            return recordLater(queued, result, "the device kept changing while the verdict was recorded");
        }
    }

    private MessageOutcome fail(QueuedDelivery queued, String reason, Instant at, Map<DeliveryOutcome, Integer> tally) {
        sends.recordOutcome(queued.delivery(), queued.claimId(), DeliveryOutcome.FAILED, reason, null, at);
        tally.merge(DeliveryOutcome.FAILED, 1, Integer::sum);
        return MessageOutcome.deadLetter(reason);
    }
}
