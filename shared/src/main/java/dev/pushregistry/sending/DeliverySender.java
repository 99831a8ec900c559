package dev.pushregistry.sending;

import dev.pushregistry.api.DeliveryMessages;
import dev.pushregistry.device.Device;
import dev.pushregistry.device.DeviceStatus;
import dev.pushregistry.device.TokenMask;
import dev.pushregistry.error.ErrorCode;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.person.HistoryEvent;
import dev.pushregistry.person.HistoryEventType;
import dev.pushregistry.queue.MessageOutcome;
import dev.pushregistry.registry.OptimisticRetry;
import dev.pushregistry.store.RegistryChange;
import dev.pushregistry.store.RegistryStore;
import dev.pushregistry.store.StoreFailureException;
import dev.pushregistry.time.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
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
    private final ExecutorService storeWork;

    public DeliverySender(RegistryStore registry, SendStore sends, PushGateway gateway, SenderSettings settings) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.sends = Objects.requireNonNull(sends, "sends");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.settings = Objects.requireNonNull(settings, "settings");
        ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.storeConcurrency(), settings.storeConcurrency(),
                30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "delivery-store");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.storeWork = pool;
    }

    /** Sends the batch; the answer says, per queue message id, what should become of the message. */
    public Map<String, MessageOutcome> send(List<QueuedDelivery> batch, Instant now) {
        Instant at = Timestamps.truncate(now);
        Map<String, MessageOutcome> reports = new LinkedHashMap<>();
        Map<DeliveryOutcome, Integer> tally = new ConcurrentHashMap<>();
        List<QueuedDelivery> claimed = new ArrayList<>();
        List<QueuedDelivery> toRecord = batch.stream().filter(queued -> queued.pushed().isPresent()).toList();
        List<QueuedDelivery> toClaim = batch.stream().filter(queued -> queued.pushed().isEmpty()).toList();
        inParallel(toClaim, queued -> sends.claim(queued.delivery(), queued.messageId(), at)).forEach((queued, claim) -> {
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
            skipBeforePush(queued.delivery(), devices.get(queued.delivery().token()))
                    .ifPresentOrElse(skip -> skipped.put(queued, skip), () -> toPush.add(queued));
        }
        inParallel(new ArrayList<>(skipped.keySet()), queued -> {
            DeliveryOutcome skip = skipped.get(queued);
            sends.recordOutcome(queued.delivery(), queued.claimId(), skip, null, null, at);
            tally.merge(skip, 1, Integer::sum);
            return MessageOutcome.done();
        }).forEach((queued, done) -> reports.put(queued.messageId(), done));
        Map<QueuedDelivery, PushResult> results = new LinkedHashMap<>(readBadTokenMajority(pushAll(toPush)));
        toRecord.forEach(queued -> results.put(queued, queued.pushed().orElseThrow().result()));
        inParallel(new ArrayList<>(results.keySet()), queued -> concludeOrRetry(queued, results.get(queued),
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
        } catch (RegistryException | StoreFailureException trouble) {
            LOG.error("could not record that the delivery to {} failed, so its send stays pending: {}",
                    TokenMask.mask(queued.delivery().token()), trouble.getMessage());
        }
    }

    /**
     * Runs {@code work} on every item with at most {@code storeConcurrency} at once (table calls
     * wait on the network, not the CPU), and answers in the items' order. A failure of any item is
     * rethrown once all have finished.
     */
    private <T, R> Map<T, R> inParallel(List<T> items, Function<T, R> work) {
        Map<T, CompletableFuture<R>> futures = new LinkedHashMap<>();
        for (T item : items) {
            futures.put(item, CompletableFuture.supplyAsync(() -> work.apply(item), storeWork));
        }
        Map<T, R> results = new LinkedHashMap<>();
        RuntimeException failure = null;
        for (Map.Entry<T, CompletableFuture<R>> entry : futures.entrySet()) {
            try {
                results.put(entry.getKey(), entry.getValue().join());
            } catch (CompletionException failed) {
                if (failure == null) {
                    failure = failed.getCause() instanceof RuntimeException runtime ? runtime : failed;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    private static Optional<DeliveryOutcome> skipBeforePush(Delivery delivery, Device device) {
        if (device == null || !device.isOwnedBy(delivery.personId())) {
            return Optional.of(DeliveryOutcome.SKIPPED_STALE);
        }
        return DeliveryPlanner.skipReason(device, delivery.message()).map(reason -> switch (reason) {
            case SUPPRESSED -> DeliveryOutcome.SKIPPED_SUPPRESSED;
            case PUSH_DISABLED -> DeliveryOutcome.SKIPPED_PUSH_DISABLED;
            case UNSUBSCRIBED -> throw new IllegalStateException("not a device skip");
        });
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

    /**
     * When most distinct tokens of a batch (at least the quorum) come back as bad tokens, the fault is
     * the credentials' (sandbox key for production, or the wrong project), not the devices'.
     */
    private Map<QueuedDelivery, PushResult> readBadTokenMajority(Map<QueuedDelivery, PushResult> results) {
        Set<String> tokens = new LinkedHashSet<>();
        Set<String> badTokens = new LinkedHashSet<>();
        Set<String> reasons = new TreeSet<>();
        results.forEach((queued, result) -> {
            tokens.add(queued.delivery().token());
            if (result instanceof PushResult.BadToken bad) {
                badTokens.add(queued.delivery().token());
                reasons.add(bad.reason());
            }
        });
        if (tokens.size() < settings.badTokenQuorum() || badTokens.size() * 2 <= tokens.size()) {
            return results;
        }
        String reason = badTokens.size() + " of " + tokens.size() + " tokens in one batch were refused (" + reasons
                + "): the " + gateway.provider().wire() + " credentials probably belong to another environment"
                + " or project, so no device was bounced";
        LOG.error("{}", reason);
        Map<QueuedDelivery, PushResult> read = new LinkedHashMap<>();
        results.forEach((queued, result) -> read.put(queued,
                result instanceof PushResult.BadToken ? new PushResult.Misconfigured(reason) : result));
        return read;
    }

    /** A delivery whose outcome cannot be written now is left for another attempt; the others go on. */
    private MessageOutcome concludeOrRetry(QueuedDelivery queued, PushResult result, Device device, Instant at,
                                           Map<DeliveryOutcome, Integer> tally) {
        try {
            return conclude(queued, result, device, at, tally);
        } catch (RegistryException | StoreFailureException trouble) {
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
            return MessageOutcome.handOver(reason, DeliveryMessages.writeRecording(queued.delivery(),
                    new PriorPush(queued.messageId(), result)));
        }
        return MessageOutcome.retry(reason);
    }

    private MessageOutcome conclude(QueuedDelivery queued, PushResult result, Device device, Instant at,
                                    Map<DeliveryOutcome, Integer> tally) {
        Delivery delivery = queued.delivery();
        if (result instanceof PushResult.Misconfigured misconfigured) {
            LOG.error("{} refused our request, not the device {}: {}", gateway.provider().wire(),
                    TokenMask.mask(delivery.token()), misconfigured.reason());
            return fail(queued, misconfigured.reason(), at, tally);
        }
        if (result instanceof PushResult.Unavailable unavailable) {
            if (queued.finalAttempt()) {
                return fail(queued, "retry budget spent: " + unavailable.reason(), at, tally);
            }
            LOG.warn("{} unavailable for {}, will retry: {}", gateway.provider().wire(),
                    TokenMask.mask(delivery.token()), unavailable.reason());
            return MessageOutcome.retry(unavailable.reason());
        }
        try {
            DeliveryOutcome outcome = retry.run(attempt -> {
                Device current = attempt.isFirst() ? device : registry.findDevice(delivery.token(), at).orElse(null);
                Verdict verdict = decide(delivery, current, result, attempt.versionAfter(at,
                        current == null ? 0 : current.registrationVersion()));
                sends.recordOutcome(delivery, queued.claimId(), verdict.outcome(), null, verdict.change(), at);
                return verdict.outcome();
            });
            tally.merge(outcome, 1, Integer::sum);
            return MessageOutcome.done();
        } catch (RegistryException conflict) {
            if (conflict.code() != ErrorCode.CONFLICT) {
                throw conflict;
            }
            return recordLater(queued, result, "the device kept changing while the verdict was recorded");
        }
    }

    private MessageOutcome fail(QueuedDelivery queued, String reason, Instant at, Map<DeliveryOutcome, Integer> tally) {
        sends.recordOutcome(queued.delivery(), queued.claimId(), DeliveryOutcome.FAILED, reason, null, at);
        tally.merge(DeliveryOutcome.FAILED, 1, Integer::sum);
        return MessageOutcome.deadLetter(reason);
    }

    /**
     * What a push service's answer means for the device as it is now. Only a device that is still
     * the registration the delivery was planned for is changed.
     *
     * @param version the version of the change a verdict makes, newer than {@code current}'s
     */
    static Verdict decide(Delivery delivery, Device current, PushResult result, long version) {
        boolean planned = current != null && delivery.addressedTo(current);
        if (result instanceof PushResult.Accepted) {
            RegistryChange change = planned && current.status() != DeviceStatus.SENT
                    ? RegistryChange.withVersion(version).replace(current, withStatus(current, DeviceStatus.SENT)).build()
                    : null;
            return new Verdict(DeliveryOutcome.SENT, change);
        }
        if (!planned) {
            return new Verdict(DeliveryOutcome.SKIPPED_STALE, null);
        }
        if (result instanceof PushResult.Unregistered unregistered) {
            boolean registeredBefore = unregistered.invalidSince()
                    .map(invalidSince -> delivery.registeredAt().isBefore(invalidSince))
                    .orElse(true);
            if (!registeredBefore) {
                return new Verdict(DeliveryOutcome.SKIPPED_STALE, null);
            }
            RegistryChange.Builder change = RegistryChange.withVersion(version).remove(current);
            return new Verdict(DeliveryOutcome.DELETED, change
                    .event(delivery.personId(), new HistoryEvent(change.at(), HistoryEventType.DELETED_UNREGISTERED,
                            current.token(), null, null))
                    .build());
        }
        if (result instanceof PushResult.BadToken) {
            DeviceStatus next = current.status().afterPermanentFailure();
            if (next == current.status()) {
                return new Verdict(DeliveryOutcome.SUPPRESSED, null);
            }
            RegistryChange.Builder change = RegistryChange.withVersion(version).replace(current, withStatus(current, next));
            if (next == DeviceStatus.SUPPRESSED) {
                change.event(delivery.personId(),
                        new HistoryEvent(change.at(), HistoryEventType.SUPPRESSED, current.token(), null, null));
            }
            return new Verdict(next == DeviceStatus.SUPPRESSED ? DeliveryOutcome.SUPPRESSED : DeliveryOutcome.BOUNCED,
                    change.build());
        }
        throw new IllegalArgumentException("no verdict for " + result);
    }

    private static Device withStatus(Device device, DeviceStatus status) {
        return device.toBuilder().status(status).build();
    }

    /**
     * A delivery's outcome and the device change that goes with it.
     *
     * @param outcome how the delivery ended
     * @param change the device change, or {@code null} when the device stays as it is
     */
    record Verdict(DeliveryOutcome outcome, RegistryChange change) {
    }
}
