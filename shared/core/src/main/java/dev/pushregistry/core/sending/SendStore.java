package dev.pushregistry.core.sending;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where send requests and their delivery groups are recorded, so that a request delivered twice
 * pushes at most once per device and every delivery's outcome is counted once. A group is one record
 * ({@link GroupRecord}): it is planned, claimed and its outcomes recorded in one write each.
 */
public interface SendStore {

    /** Records that a request was accepted, so its summary reads {@code pending}; harmless when repeated. */
    void recordAccepted(String requestId, Instant now);

    /** Whether the request has been dispatched already. */
    boolean isDispatched(String requestId);

    /** The groups planned for the request so far, for a dispatch that runs again after being cut off. */
    List<GroupRecord> findGroups(String requestId);

    /** One group of a request as it is now (read strongly consistent), if it was planned. */
    Optional<GroupRecord> findGroup(String requestId, int number);

    /**
     * Records a planned group unless its number is taken (by a copy of the same dispatch running at
     * the same time).
     *
     * @return empty when recorded; the record that holds the number otherwise
     */
    Optional<GroupRecord> planGroup(GroupRecord group, Instant now);

    /** Marks the request dispatched, with the devices left out by reason. */
    void markDispatched(String requestId, Map<DispatchSkip, Integer> skips, Instant now);

    /**
     * Claims a group for one queue message before pushing, so that two copies of it never both push.
     * The claim holds while the group has slots without an outcome; a group whose every slot is
     * decided may be claimed by another message (one moved back from the dead-letter queue sends its
     * failed slots again).
     *
     * @param claimId the queue message's id: the same message may claim again when redelivered
     */
    GroupClaim claim(String requestId, int number, String claimId, Instant now);

    /**
     * Records outcomes of a group this claim holds, if the group's outcomes are still as
     * {@code asRead} has them; otherwise nothing is written, and the caller merges its outcomes into
     * the group as it is now and tries again.
     *
     * @param outcomes one per slot of the group, as they are to be
     * @param reason why the latest failure failed, when one did
     * @return empty when written (or when the group is gone: nothing is left to count); the group as
     *     it is now when it changed since {@code asRead}
     */
    Optional<GroupRecord> recordOutcomes(GroupRecord asRead, String claimId, List<Optional<DeliveryOutcome>> outcomes,
                                         Optional<String> reason, Instant now);

    /** The request's summary, if the request is known. */
    Optional<SendSummary> findSummary(String requestId);

    /**
     * What a claim found.
     *
     * @param claim whether the claimant may work on the group
     * @param before the group as it was before this claim; {@code null} when it is unknown
     */
    record GroupClaim(Claim claim, GroupRecord before) {
        public GroupClaim {
            Objects.requireNonNull(claim, "claim");
            if ((claim == Claim.UNKNOWN) != (before == null)) {
                throw new IllegalArgumentException("only an unknown group comes without its record");
            }
        }
    }

    /** Whether a claim holds. */
    enum Claim {
        /** The claimant may push the group's slots that need it. */
        CLAIMED,
        /** Another message holds the group and still has work in it: that message pushes. */
        HELD_ELSEWHERE,
        /** No such group (never planned, or its record expired): nothing to do. */
        UNKNOWN
    }
}
