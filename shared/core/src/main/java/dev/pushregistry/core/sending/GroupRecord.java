package dev.pushregistry.core.sending;

import dev.pushregistry.core.device.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the send store keeps of a delivery group: the app, message and devices it was planned for
 * (a fingerprint of the message and of each token, so that a dispatch run again recognises what it
 * planned and a sender pushes only what was planned, {@link #mismatch}), the queue message that
 * holds it, and each slot's outcome.
 *
 * @param requestId the send request
 * @param number the group's number within its request
 * @param provider the push service of its deliveries
 * @param appId the app of its devices
 * @param messageFingerprint {@link PushMessage#fingerprint()} of what it pushes (empty for a group
 *     planned before the registry kept it)
 * @param fingerprints one per slot: {@link #fingerprint(String)} of the slot's token
 * @param claimId the queue message that holds the group, if one has claimed it
 * @param outcomes one per slot: its outcome, or empty while it has none
 * @param reason why the latest failure in the group failed, if one did
 */
public record GroupRecord(String requestId, int number, Provider provider, String appId,
                          Optional<Long> messageFingerprint, List<Long> fingerprints,
                          Optional<String> claimId, List<Optional<DeliveryOutcome>> outcomes, Optional<String> reason) {
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(GroupRecord::sha256);

    public GroupRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(messageFingerprint, "messageFingerprint");
        fingerprints = List.copyOf(fingerprints);
        Objects.requireNonNull(claimId, "claimId");
        outcomes = Collections.unmodifiableList(new ArrayList<>(outcomes));
        Objects.requireNonNull(reason, "reason");
        if (fingerprints.size() != outcomes.size() || fingerprints.isEmpty()
                || fingerprints.size() > DeliveryGroup.MAX_SIZE) {
            throw new IllegalArgumentException("a group record has one fingerprint and one outcome per slot");
        }
    }

    /** The record of a group just planned: every slot without an outcome, no claim. */
    public static GroupRecord planned(String requestId, int number, Provider provider, String appId,
                                      PushMessage message, List<String> tokens) {
        return new GroupRecord(requestId, number, provider, appId, Optional.of(message.fingerprint()),
                tokens.stream().map(GroupRecord::fingerprint).toList(),
                Optional.empty(), Collections.nCopies(tokens.size(), Optional.empty()), Optional.empty());
    }

    /** The same record with other outcomes and failure reason. */
    public GroupRecord withOutcomes(List<Optional<DeliveryOutcome>> newOutcomes, Optional<String> newReason) {
        return new GroupRecord(requestId, number, provider, appId, messageFingerprint, fingerprints, claimId,
                newOutcomes, newReason);
    }

    /** The same record held by another claim (or by none). */
    public GroupRecord withClaim(Optional<String> newClaimId) {
        return new GroupRecord(requestId, number, provider, appId, messageFingerprint, fingerprints, newClaimId,
                outcomes, reason);
    }

    /**
     * What a queued group says that this record did not plan, if anything: another push service,
     * app or message, a place outside the group, or a token at a place planned for another. A group
     * that says anything else was not queued by dispatch (someone put it on the queue by hand) and
     * is never pushed.
     */
    public Optional<String> mismatch(DeliveryGroup group) {
        if (group.provider() != provider || !group.appId().equals(appId)) {
            return Optional.of("its push service or app is not the planned one");
        }
        if (messageFingerprint.isPresent() && messageFingerprint.get() != group.message().fingerprint()) {
            return Optional.of("its message is not the planned one");
        }
        for (DeliveryGroup.Slot slot : group.slots()) {
            if (slot.index() >= fingerprints.size()
                    || fingerprints.get(slot.index()) != fingerprint(slot.delivery().plannedTarget())) {
                return Optional.of("its device at place " + slot.index() + " is not the planned one");
            }
        }
        return Optional.empty();
    }

    public int size() {
        return outcomes.size();
    }

    /** The outcome of the slot at {@code index}, empty while it has none (or for a place outside the group). */
    public Optional<DeliveryOutcome> outcome(int index) {
        return index < outcomes.size() ? outcomes.get(index) : Optional.empty();
    }

    /** Whether some slot has no outcome yet: the message that holds the group still has work. */
    public boolean undecided() {
        return outcomes.stream().anyMatch(Optional::isEmpty);
    }

    /**
     * A short, stable fingerprint of a token: the first 8 bytes of its SHA-256. Two tokens of one
     * request and app share one with a chance of about one in 10^19 per pair.
     */
    public static long fingerprint(String token) {
        byte[] digest = SHA_256.get().digest(token.getBytes(StandardCharsets.UTF_8));
        long value = 0;
        for (int index = 0; index < Long.BYTES; index++) {
            value = (value << 8) | (digest[index] & 0xff);
        }
        return value;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("every JVM has SHA-256", missing);
        }
    }
}
