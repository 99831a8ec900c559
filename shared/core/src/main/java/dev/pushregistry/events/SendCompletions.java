package dev.pushregistry.events;

import dev.pushregistry.sending.SendSummary;
import java.util.Optional;

/**
 * What the relay needs of the send records to announce a request's completion once: its summary,
 * and a claim that makes one stream record the one that announces it. Several records may see a
 * request done (its last group's outcome and its dispatch, read in separate batches); only the
 * record holding the claim publishes {@code send.completed}, and the same record read again still
 * holds it, so a retry publishes what the first try could not.
 */
public interface SendCompletions {
    /** The request's summary, if the request is known. */
    Optional<SendSummary> summary(String requestId);

    /**
     * Makes {@code recordId} the record that announces the request's completion, unless another
     * record is.
     *
     * @return whether {@code recordId} holds the claim (now, or from an earlier try)
     * @throws dev.pushregistry.error.TransientFailure when the claim could not be written
     */
    boolean claim(String requestId, String recordId);
}
