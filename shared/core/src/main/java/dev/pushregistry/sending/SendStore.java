package dev.pushregistry.sending;

import dev.pushregistry.registry.ConcurrentChangeException;
import dev.pushregistry.registry.RegistryChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where send requests and their deliveries are recorded, so that a request delivered twice pushes
 * at most once per device and every delivery's outcome is counted once.
 */
public interface SendStore {

    /** Records that a request was accepted, so its summary reads {@code pending}; harmless when repeated. */
    void recordAccepted(String requestId, Instant now);

    /** Whether the request has been dispatched already. */
    boolean isDispatched(String requestId);

    /**
     * Records planned deliveries. A delivery planned earlier for the same request and token keeps its
     * record.
     *
     * @return the deliveries that still need a push: the new ones, and earlier ones with no outcome
     *     or a failed one
     */
    List<Delivery> planDeliveries(List<Delivery> deliveries, Instant now);

    /** Marks the request dispatched, with the devices left out by reason. */
    void markDispatched(String requestId, Map<DispatchSkip, Integer> skips, Instant now);

    /**
     * Claims a delivery for one queue message before pushing, so that two copies of it never both
     * push.
     *
     * @param claimId the queue message's id: the same message may claim again when redelivered
     */
    Claim claim(Delivery delivery, String claimId, Instant now);

    /**
     * Records a delivery's outcome and, in the same atomic step, the device change it causes.
     *
     * @param deviceChange the change to the device, or {@code null} when the device stays as it is
     * @param reason why, for failures; {@code null} otherwise
     * @return {@code false} when the outcome had been recorded already (by an earlier copy)
     * @throws ConcurrentChangeException when the device is no longer as {@code deviceChange} read it
     */
    boolean recordOutcome(Delivery delivery, String claimId, DeliveryOutcome outcome, String reason,
                          RegistryChange deviceChange, Instant now);

    /** The request's summary, if the request is known. */
    Optional<SendSummary> findSummary(String requestId);

    /** What a claim found. */
    enum Claim {
        /** The claimant may push. */
        CLAIMED,
        /** The delivery already has an outcome: nothing to do. */
        ALREADY_DECIDED,
        /** Another copy of the delivery holds it: that copy pushes. */
        HELD_ELSEWHERE
    }
}
