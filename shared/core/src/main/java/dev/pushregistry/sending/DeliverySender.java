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
import java.util.Optional;
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

    /**
     * Sends the batch; the answer says, per queue message id, what should become of the message.
     *
     * <p>The deliveries flow through one at a time rather than stage by stage: each is claimed,
     * pushed as soon as its claim holds (in the batch's order), and recorded as soon as its answer
     * comes, with at most {@code maxInFlight} between claim and answer. Only bad-token answers wait
     * for the rest of the batch, since whether they bounce devices depends on how many of the
     * batch's tokens were bad.
     *
     * @throws RegistryException or {@link TransientFailure} when the devices cannot be read; nothing
     *     was claimed or pushed then
     */
    public Map<String, MessageOutcome> send(List<QueuedDelivery> batch, Instant now) {
        Instant at = Timestamps.truncate(now);
        Map<String, Device> devices = registry.findDevices(
                batch.stream().map(queued -> queued.delivery().token()).distinct().toList(), at);
        Map<String, MessageOutcome> reports = new ConcurrentHashMap<>();
        Map<DeliveryOutcome, Integer> tally = new ConcurrentHashMap<>();
        Map<QueuedDelivery, PushResult> answers = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(settings.maxInFlight());
        List<CompletableFuture<?>> work = new ArrayList<>();
        CompletableFuture<Object> previousIssued = CompletableFuture.completedFuture(null);
        for (QueuedDelivery queued : batch) {
            Device device = devices.get(queued.delivery().token());
            if (queued.pushed().isPresent()) {
                PushResult answer = queued.pushed().get().result();
                work.add(storeCalls.submit(() -> concludeOrRetry(queued, answer, device, at, tally))
                        .handle((outcome, failure) -> reports.put(queued.messageId(),
                                failure == null ? outcome : unrecorded(queued, answer, causeOf(failure)))));
                continue;
            }
            inFlight.acquireUninterruptibly();
            CompletableFuture<Optional<CompletableFuture<PushResult>>> issued = storeCalls
                    .submit(() -> claimAndCheck(queued, device, at, tally))
                    .thenCombine(previousIssued, (claimed, earlier) -> claimed.map(this::push));
            previousIssued = issued.handle((ignored, failure) -> null);
            work.add(issued
                    .thenCompose(push -> push.orElse(CompletableFuture.completedFuture(null)))
                    .whenComplete((answer, failure) -> inFlight.release())
                    .thenCompose(answer -> {
                        if (answer == null) {
                            return CompletableFuture.completedFuture(null);
                        }
                        answers.put(queued, answer);
                        if (answer instanceof PushResult.BadToken) {
                            return CompletableFuture.completedFuture(null);
                        }
                        return storeCalls.submit(() -> concludeOrRetry(queued, answer, device, at, tally));
                    })
                    .handle((outcome, failure) -> {
                        if (failure != null && answers.containsKey(queued)) {
                            reports.put(queued.messageId(), unrecorded(queued, answers.get(queued), causeOf(failure)));
                        } else if (failure != null) {
                            reports.put(queued.messageId(), retryAfter(queued, failure));
                        } else if (outcome != null) {
                            reports.put(queued.messageId(), outcome);
                        } else if (!(answers.get(queued) instanceof PushResult.BadToken)) {
                            reports.putIfAbsent(queued.messageId(), MessageOutcome.done());
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
        Map<QueuedDelivery, PushResult> pushed = new LinkedHashMap<>();
        batch.stream().filter(answers::containsKey).forEach(queued -> pushed.put(queued, answers.get(queued)));
        Map<QueuedDelivery, PushResult> read = VerdictRules.readBadTokenMajority(pushed,
                queued -> queued.delivery().token(), settings.badTokenQuorum(), gateway.provider().wire());
        List<QueuedDelivery> badTokens = pushed.keySet().stream()
                .filter(queued -> pushed.get(queued) instanceof PushResult.BadToken).toList();
        storeCalls.apply(badTokens, queued -> concludeOrRetry(queued, read.get(queued),
                devices.get(queued.delivery().token()), at, tally))
                .forEach((queued, outcome) -> reports.put(queued.messageId(), outcome));
        LOG.info("{} batch of {}: {} pushed, outcomes {}", gateway.provider().wire(), batch.size(), pushed.size(),
                new TreeMap<>(tally));
        return reports;
    }

    /**
     * Claims a delivery and checks that its device may still get it; a delivery that is dropped or
     * skipped is settled here.
     *
     * @return the delivery when it is to be pushed
     */
    private Optional<QueuedDelivery> claimAndCheck(QueuedDelivery queued, Device device, Instant at,
                                                   Map<DeliveryOutcome, Integer> tally) {
        SendStore.Claim claim = sends.claim(queued.delivery(), queued.messageId(), at);
        if (claim != SendStore.Claim.CLAIMED) {
            LOG.debug("delivery of {} to {} dropped: {}", queued.delivery().requestId(),
                    TokenMask.mask(queued.delivery().token()), claim);
            return Optional.empty();
        }
        Optional<DeliveryOutcome> skip = VerdictRules.skipBeforePush(queued.delivery(), device);
        if (skip.isPresent()) {
            sends.recordOutcome(queued.delivery(), queued.claimId(), skip.get(), null, null, at);
            tally.merge(skip.get(), 1, Integer::sum);
            return Optional.empty();
        }
        return Optional.of(queued);
    }

    /** A delivery whose claim or skip could not be written is tried again later; nothing was pushed. */
    private static MessageOutcome retryAfter(QueuedDelivery queued, Throwable failure) {
        Throwable cause = causeOf(failure);
        if (!(cause instanceof RegistryException) && !(cause instanceof TransientFailure)) {
            LOG.error("the delivery to {} failed", TokenMask.mask(queued.delivery().token()), cause);
        }
        return MessageOutcome.retry(cause.getClass().getSimpleName() + ": " + cause.getMessage());
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

    /** Pushes one delivery; a push that fails or gets no answer in time is read as the service being unavailable. */
    private CompletableFuture<PushResult> push(QueuedDelivery queued) {
        CompletableFuture<PushResult> answer;
        try {
            answer = gateway.push(queued.delivery());
        } catch (RuntimeException failure) {
            answer = CompletableFuture.failedFuture(failure);
        }
        return answer.orTimeout(settings.pushTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((result, failure) -> failure == null ? result : unavailable(failure));
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

    /** A delivery whose outcome cannot be written now is left for another attempt; the others go on. */
    private MessageOutcome concludeOrRetry(QueuedDelivery queued, PushResult result, Device device, Instant at,
                                           Map<DeliveryOutcome, Integer> tally) {
        try {
            return conclude(queued, result, device, at, tally);
        } catch (RegistryException | TransientFailure trouble) {
            LOG.warn("could not record the outcome for {}: {}", TokenMask.mask(queued.delivery().token()),
                    trouble.getMessage());
            return unrecorded(queued, result, trouble);
        }
    }

    /** What becomes of a delivery whose answer came but whose outcome could not be written. */
    private static MessageOutcome unrecorded(QueuedDelivery queued, PushResult result, Throwable trouble) {
        return recordLater(queued, result, "could not record the outcome: " + trouble.getClass().getSimpleName());
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
