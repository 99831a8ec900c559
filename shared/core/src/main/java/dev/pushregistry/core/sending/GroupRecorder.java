package dev.pushregistry.core.sending;

import dev.pushregistry.core.error.TransientFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a group's outcomes, merged into the group as it is: a slot that has an outcome (other than
 * a failure) keeps it, so each delivery is counted once; a write refused because the group changed
 * since it was read is merged again, a few times.
 */
final class GroupRecorder {
    // the sender's parts log as the sender
    private static final Logger LOG = LoggerFactory.getLogger(DeliverySender.class);
    private static final int RECORD_ATTEMPTS = 5;

    private final SendStore sends;

    GroupRecorder(SendStore sends) {
        this.sends = sends;
    }

    /**
     * @throws TransientFailure when the group kept changing, or the table could not be reached
     */
    void record(QueuedGroup queued, GroupRecord before, Map<Integer, DeliveryOutcome> outcomes,
                Optional<String> reason, Instant at) {
        GroupRecord asRead = before;
        for (int attempt = 1; attempt <= RECORD_ATTEMPTS; attempt++) {
            List<Optional<DeliveryOutcome>> merged = new ArrayList<>(asRead.outcomes());
            boolean changed = false;
            for (Map.Entry<Integer, DeliveryOutcome> entry : outcomes.entrySet()) {
                int index = entry.getKey();
                if (index < merged.size() && merged.get(index).map(DeliveryOutcome.FAILED::equals).orElse(true)) {
                    merged.set(index, Optional.of(entry.getValue()));
                    changed = true;
                }
            }
            if (!changed) {
                return;
            }
            Optional<GroupRecord> current = sends.recordOutcomes(asRead, queued.claimId(), merged,
                    reason.or(asRead::reason), at);
            if (current.isEmpty()) {
                return;
            }
            if (!current.get().claimId().equals(Optional.of(queued.claimId()))) {
                LOG.warn("group {} of {} was taken over by another message; its outcomes stand",
                        before.number(), before.requestId());
                return;
            }
            asRead = current.get();
        }
        throw new TransientFailure.Unavailable("the group's record kept changing while its outcomes were written", null);
    }
}
