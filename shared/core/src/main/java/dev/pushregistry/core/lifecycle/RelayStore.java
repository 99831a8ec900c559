package dev.pushregistry.core.lifecycle;

import dev.pushregistry.core.device.DeletionReason;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.sending.SendSummary;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the relay reads from the registry beyond the stream itself: why a device was deleted (the
 * note its delete wrote), a send request's summary, and the claim that makes one stream record the
 * one that announces a request's completion. Several records may see a request done (its last
 * group's outcome and its dispatch, read in separate batches); only the record holding the claim
 * publishes {@code send.completed}, and the same record read again still holds it, so a retry
 * publishes what the first try could not.
 */
public interface RelayStore {
    /**
     * The note the registry wrote with a device's delete.
     *
     * @param device the deleted device
     * @param registrationVersion the registration version the deleted device had
     * @return empty when the device was deleted by something other than the registry
     */
    Optional<DeletionNote> deletion(DeviceAddress device, long registrationVersion);

    /** The request's summary, if the request is known. */
    Optional<SendSummary> summary(String requestId);

    /**
     * Makes {@code recordId} the record that announces the request's completion, unless another
     * record is.
     *
     * @return whether {@code recordId} holds the claim (now, or from an earlier try)
     * @throws dev.pushregistry.core.error.TransientFailure when the claim could not be written
     */
    boolean claim(String requestId, String recordId);

    /**
     * Why and when a device was deleted, as its delete noted it (never who owned it: a forget leaves
     * no trace of the person, and the stream's own record of the delete names the owner).
     *
     * @param reason why
     * @param at when the delete took effect
     * @param replacedBy for a refresh, the token that took the deleted one's place
     */
    record DeletionNote(DeletionReason reason, Instant at, Optional<String> replacedBy) {
        public DeletionNote {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(replacedBy, "replacedBy");
        }
    }
}
