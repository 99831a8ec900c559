package dev.pushregistry.core.sending;

import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.TokenMask;
import dev.pushregistry.core.error.ConflictException;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.core.registry.OptimisticRetry;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the verdict on a push's answer to its device, as a conditional write on the registration
 * the delivery was planned for, read again and decided again when a concurrent change got in the
 * way; what cannot be written is left for a follow-up ({@link SlotResult#unapplied}).
 */
final class VerdictWriter {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverySender.class);
    private static final int VERDICT_ATTEMPTS = 5;

    private final SenderParts parts;
    private final OptimisticRetry retry = new OptimisticRetry(VERDICT_ATTEMPTS);

    VerdictWriter(SenderParts parts) {
        this.parts = parts;
    }

    /**
     * Applies the verdict on the answer to the device as it is: {@code onFirstRead}, made on the
     * device read before the push, on the first attempt; one on the device read again after a
     * concurrent change got in the way.
     */
    SlotResult conclude(Delivery delivery, PushResult answer, VerdictRules.Verdict onFirstRead, boolean finalAttempt,
                        Instant at) {
        try {
            return retry.run(attempt -> {
                VerdictRules.Verdict verdict = attempt.isFirst() ? onFirstRead
                        : verdictOnDeviceNow(delivery, answer, attempt, finalAttempt, at);
                return switch (verdict.kind()) {
                    case FAIL -> {
                        LOG.atDebug().addKeyValue("provider", parts.provider())
                                .addKeyValue("token", TokenMask.mask(delivery.token()))
                                .addKeyValue("outcome", DeliveryOutcome.FAILED.wire())
                                .log("{} delivery failed: {}", parts.provider(), verdict.reason());
                        yield new SlotResult.Decided(DeliveryOutcome.FAILED, verdict.reason());
                    }
                    case RETRY -> {
                        LOG.atDebug().addKeyValue("provider", parts.provider())
                                .addKeyValue("token", TokenMask.mask(delivery.token()))
                                .log("{} unavailable, will retry: {}", parts.provider(), verdict.reason());
                        yield new SlotResult.Retry(verdict.reason());
                    }
                    case RECORD -> {
                        if (verdict.change() != null) {
                            parts.registry().apply(verdict.change());
                        }
                        yield new SlotResult.Decided(verdict.outcome(), null);
                    }
                };
            });
        } catch (ConflictException conflict) {
            return SlotResult.unapplied(answer, "the device kept changing while the verdict was recorded");
        } catch (RegistryException | TransientFailure trouble) {
            LOG.atWarn().addKeyValue("provider", parts.provider())
                    .addKeyValue("token", TokenMask.mask(delivery.token()))
                    .log("could not record the outcome: {}", trouble.getMessage());
            return unapplied(answer, trouble);
        }
    }

    /** What an answer leaves whose verdict failed with {@code trouble}. */
    SlotResult unapplied(PushResult answer, Throwable trouble) {
        if (!(trouble instanceof RegistryException) && !(trouble instanceof TransientFailure)) {
            LOG.error("the verdict for a {} delivery failed", parts.provider(), trouble);
        }
        return SlotResult.unapplied(answer, "could not record the outcome: " + trouble.getClass().getSimpleName());
    }

    /** The verdict on the device read again, after a concurrent change got in the way of the last one. */
    private VerdictRules.Verdict verdictOnDeviceNow(Delivery delivery, PushResult answer, OptimisticRetry.Attempt attempt,
                                                    boolean finalAttempt, Instant at) {
        Device current = parts.registry().findDevice(delivery.address(), at).orElse(null);
        return VerdictRules.verdict(delivery, current, answer, finalAttempt,
                attempt.versionAfter(at, current == null ? 0 : current.registrationVersion()));
    }
}
