package dev.pushregistry.core.sending;

import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Takes a queued group for one message before it is pushed: reads it as dispatch planned it, then
 * its devices, then claims it. A group message that says what dispatch did not plan (another
 * message, device, app or push service: one someone put on the queue by hand) is neither claimed
 * nor pushed; a group never planned (or whose record expired) is not claimed either.
 */
final class GroupClaims {
    private GroupClaims() {
    }

    /**
     * A group's claim and its devices as read just before it, or what its message says that dispatch
     * did not plan (then there is no claim).
     */
    record Claimed(SendStore.GroupClaim claim, Map<DeviceAddress, Device> devices, Optional<String> unplanned) {
    }

    /** Claims the group of {@code queued} for pushing, its devices read just before. */
    static Claimed claim(SenderParts parts, QueuedGroup queued, Instant at) {
        return claim(parts, queued, at, true);
    }

    /**
     * Claims the group of {@code queued}, unless its message says what dispatch did not plan.
     *
     * @param readDevices whether to read the group's devices before claiming (a push needs them)
     */
    static Claimed claim(SenderParts parts, QueuedGroup queued, Instant at, boolean readDevices) {
        DeliveryGroup group = queued.group();
        Optional<GroupRecord> planned = parts.sends().findGroup(group.requestId(), group.number());
        if (planned.isEmpty()) {
            return new Claimed(new SendStore.GroupClaim(SendStore.Claim.UNKNOWN, null), Map.of(), Optional.empty());
        }
        Optional<String> unplanned = planned.get().mismatch(group);
        if (unplanned.isPresent()) {
            return new Claimed(null, Map.of(), unplanned);
        }
        Map<DeviceAddress, Device> devices = readDevices ? parts.registry().findDevices(group.slots().stream()
                .map(slot -> slot.delivery().address()).toList(), at) : Map.of();
        return new Claimed(parts.sends().claim(group.requestId(), group.number(), queued.claimId(), at), devices,
                Optional.empty());
    }
}
