package dev.pushregistry.core.sending;

import dev.pushregistry.core.concurrency.BoundedParallel;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.core.registry.RegistryStore;
import dev.pushregistry.core.time.TimeLeft;
import dev.pushregistry.core.time.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a batch of delivery groups through one push service and records what each delivery did to
 * its device.
 *
 * <p>For every group: claim it (a group another message holds is dropped), and for each of its
 * deliveries still without an outcome check that the device still belongs to the person it was
 * planned for (else nothing is pushed), push, and write the device change the answer causes. That
 * change is a conditional write on the registration the delivery was planned for: a device
 * re-registered, moved or logged out since keeps its newer state, and the verdict is counted as
 * stale. A status is written only when it changes. Once every delivery of a group is decided, the
 * group's outcomes are recorded in one write.
 *
 * <p>Rejections that are not the device's fault fail the delivery without touching the device; so
 * does a batch in which most distinct tokens of one app and endpoint come back as bad tokens, the
 * mark of credentials or tokens for the wrong environment or project. Transient trouble leaves the
 * delivery for a later attempt of its message, until the retry budget runs out. A push the service answered is never repeated for want
 * of a written outcome: a follow-up message carries the answer and records it ({@link PriorWork}).
 *
 * <p>The work is shared out: a batch's flow, room in flight, time and bad-token majority in
 * {@link BatchSending}; claims in {@link GroupClaims}; a group's pushes in {@link GroupSending};
 * verdict writes in {@link VerdictWriter}; outcome writes in {@link GroupRecorder}; and what becomes
 * of a group's message, a pure rule, in {@link GroupConclusion}.
 */
public final class DeliverySender {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverySender.class);
    /**
     * The time a batch keeps, beyond its last push's timeout, for what follows the answers: writing
     * the device changes and the groups' outcomes, and answering the queue. More than one table call
     * may take ({@code AwsClients}' API call timeout, 8 s).
     */
    public static final Duration TIME_TO_FINISH = Duration.ofSeconds(10);

    private final SenderParts parts;
    private final VerdictWriter verdicts;

    public DeliverySender(RegistryStore registry, SendStore sends, PushGateway gateway, SenderSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.parts = new SenderParts(Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(sends, "sends"),
                Objects.requireNonNull(gateway, "gateway"), settings,
                new BoundedParallel(settings.storeConcurrency(), "delivery-store"), new GroupRecorder(sends));
        this.verdicts = new VerdictWriter(parts);
    }

    /**
     * Sends the batch; the answer says, per queue message id, what should become of the message.
     *
     * <p>The deliveries flow rather than go stage by stage: each group's devices are read and the
     * group claimed on a store worker, all groups at once; each delivery is pushed as soon as its
     * group's claim holds (in the batch's order, at most
     * {@code maxInFlight} between push and answer), its device change is written as soon as its
     * answer comes, and a group is recorded as soon as its last delivery is decided. Only bad-token
     * answers wait for the rest of the batch, since whether they bounce devices depends on how many
     * of the batch's tokens were bad.
     *
     * <p>A group whose devices cannot be read is neither claimed nor pushed, and its message is retried.
     * The batch has no time limit; see {@link #start} for one.
     */
    public Map<String, MessageOutcome> send(List<QueuedGroup> batch, Instant now) {
        BatchSending sending = start(now, TimeLeft.UNLIMITED);
        batch.forEach(sending::add);
        return sending.finish();
    }

    /**
     * Goes through a group the way {@link #send} does up to the push, and no further: reads its
     * devices and builds each push through the gateway, but claims nothing, records nothing and
     * leaves the group's answers unread. A sender's primed copy runs it before a SnapStart snapshot,
     * with a gateway that sends nothing.
     */
    public void rehearse(QueuedGroup queued, Instant now) {
        DeliveryGroup group = queued.group();
        parts.registry().findDevices(group.slots().stream().map(slot -> slot.delivery().address()).toList(), now);
        group.slots().forEach(slot -> parts.gateway().push(slot.delivery()).join());
    }

    /**
     * Starts a batch whose groups are added one at a time as their messages are read, so that the
     * first group's pushes leave while the rest of the batch is still being read; {@link #send} with
     * the whole batch at once.
     *
     * <p>A push starts only while the invocation has more than a push's timeout and
     * {@link #TIME_TO_FINISH} left, so that every push the batch makes is answered (or given up on)
     * and recorded before Lambda stops the invocation: a stopped invocation records nothing and its
     * messages come back, pushes and all. The deliveries left unpushed when time runs short are
     * tried again with their message, like those the push service could not take.
     *
     * @param timeLeft how long the invocation has left, asked before each push
     */
    public BatchSending start(Instant now, TimeLeft timeLeft) {
        return new BatchSending(parts, verdicts, Timestamps.truncate(now), Objects.requireNonNull(timeLeft, "timeLeft"));
    }

    /**
     * Records {@code failed} for the deliveries of a group whose last attempt ends without their
     * outcomes written (whatever a follow-up carries), so that its send's summary still finishes; its
     * message is dead-lettered with the same reason. Best effort: when the table refuses again, the
     * dead letter is the only record. A group another message holds is left to that message.
     *
     * @return how many deliveries without an outcome before were recorded {@code failed}
     */
    public int giveUp(QueuedGroup queued, String reason, Instant now) {
        Instant at = Timestamps.truncate(now);
        DeliveryGroup group = queued.group();
        try {
            GroupClaims.Claimed claimed = GroupClaims.claim(parts, queued, at, false);
            if (claimed.unplanned().isPresent() || claimed.claim().claim() != SendStore.Claim.CLAIMED) {
                return 0;
            }
            SendStore.GroupClaim claim = claimed.claim();
            Map<Integer, DeliveryOutcome> outcomes = new LinkedHashMap<>();
            group.slots().forEach(slot -> outcomes.put(slot.index(), DeliveryOutcome.FAILED));
            parts.recorder().record(queued, claim.before(), outcomes, Optional.of(reason), at);
            return (int) group.slots().stream().filter(slot -> claim.before().outcome(slot.index()).isEmpty()).count();
        } catch (RegistryException | TransientFailure trouble) {
            LOG.error("could not record that {} deliveries of {} failed, so its send stays pending: {}",
                    group.slots().size(), group.requestId(), trouble.getMessage());
            return 0;
        }
    }
}
