package dev.pushregistry.core.lifecycle;

import dev.pushregistry.core.device.DeletionReason;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.LiveActivity;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What one write did to the table, as far as other systems care: read from the table's stream. */
public sealed interface StreamChange {
    /**
     * A device was created or changed.
     *
     * @param before the device as it was; {@code null} when the token was not registered (or had
     *     expired)
     * @param after the device as it is now
     */
    record DeviceWritten(Device before, Device after) implements StreamChange {
        public DeviceWritten {
            Objects.requireNonNull(after, "after");
        }
    }

    /**
     * The registry deleted a device (the table's time to live did not): why is in the note the delete
     * wrote ({@link RelayStore#deletion}).
     *
     * @param before the device as it was
     */
    record DeviceRemoved(Device before) implements StreamChange {
        public DeviceRemoved {
            Objects.requireNonNull(before, "before");
        }
    }

    /**
     * A device was deleted, and why.
     *
     * @param device its app and token
     * @param owner who owned it, if anyone
     * @param reason why it went
     * @param at when
     * @param replacedBy for a refresh, the token that took its place
     * @param liveActivities the Live Activities it ran, which went with it
     */
    record DeviceDeleted(DeviceAddress device, Optional<String> owner, DeletionReason reason, Instant at,
                         Optional<String> replacedBy, Collection<LiveActivity> liveActivities) implements StreamChange {
        public DeviceDeleted {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(replacedBy, "replacedBy");
            liveActivities = List.copyOf(liveActivities);
        }
    }

    /** The last of a person's items, their profile, was deleted by a forget. */
    record PersonForgotten(String personId) implements StreamChange {
        public PersonForgotten {
            Objects.requireNonNull(personId, "personId");
        }
    }

    /**
     * A send request may have become {@code done}: it was dispatched, or one of its delivery groups
     * got its last outcome.
     */
    record SendProgressed(String requestId) implements StreamChange {
        public SendProgressed {
            Objects.requireNonNull(requestId, "requestId");
        }
    }
}
