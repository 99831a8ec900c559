package dev.pushregistry.store.dynamodb;

import dev.pushregistry.core.device.DeletionReason;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.lifecycle.StreamChange;
import dev.pushregistry.core.time.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the records of the table's stream ({@code NEW_AND_OLD_IMAGES}) mean for events: the one
 * place that reads the table's items for them, with the layout {@link Keys} and {@link ItemAttributes}
 * know.
 *
 * <ul>
 *   <li>a device's item created or changed: {@link StreamChange.DeviceWritten} (a write over an
 *       item whose lifetime had run out, which the registry treats as absent, is the expired
 *       device's deletion and a new registration);</li>
 *   <li>a device's item removed by the table's time to live: {@link StreamChange.DeviceDeleted},
 *       {@code expired}; removed by the registry: {@link StreamChange.DeviceRemoved} (the deletion
 *       note its delete wrote says why: see {@link DynamoDbRelayStore});</li>
 *   <li>a profile removed while a forget marked it: {@link StreamChange.PersonForgotten};</li>
 *   <li>a send request marked dispatched, or a delivery group whose last outcome arrived:
 *       {@link StreamChange.SendProgressed}.</li>
 * </ul>
 * Everything else (copies, history, claims, notes expiring) means nothing to other systems.
 */
public final class StreamImages {
    /** How the stream names a record's kind of write. */
    public enum WriteKind { INSERT, MODIFY, REMOVE }

    private final String defaultAppId;

    /** @param defaultAppId the app of items that name none */
    public StreamImages(String defaultAppId) {
        this.defaultAppId = Objects.requireNonNull(defaultAppId, "defaultAppId");
    }

    /**
     * What one record's write meant.
     *
     * @param keys the item's key
     * @param oldImage the item before the write; empty for an insert
     * @param newImage the item after the write; empty for a remove
     * @param byTimeToLive whether the table's time to live removed the item (the record's
     *     {@code userIdentity} names DynamoDB itself)
     * @param approximateAt when the write was made, as the stream says
     */
    public List<StreamChange> changes(WriteKind kind, Map<String, AttributeValue> keys, Map<String, AttributeValue> oldImage,
                                     Map<String, AttributeValue> newImage, boolean byTimeToLive, Instant approximateAt) {
        String partition = keys.get(Keys.PK).s();
        String sort = keys.get(Keys.SK).s();
        if (partition.startsWith(Keys.TOKEN_PREFIX)) {
            if (sort.startsWith(Keys.DELETION_PREFIX)) {
                return List.of();
            }
            return device(kind, oldImage, newImage, byTimeToLive, approximateAt);
        }
        if (partition.startsWith(Keys.PERSON_PREFIX) && sort.equals(Keys.PROFILE_SORT_KEY)) {
            return kind == WriteKind.REMOVE && oldImage.containsKey(ItemAttributes.FORGET_ID)
                    ? List.of(new StreamChange.PersonForgotten(oldImage.get(ItemAttributes.PERSON_ID).s())) : List.of();
        }
        if (partition.startsWith(Keys.SEND_PREFIX) && kind != WriteKind.REMOVE) {
            String requestId = newImage.get(ItemAttributes.REQUEST_ID).s();
            boolean progressed = sort.equals(Keys.REQUEST_SORT_KEY)
                    ? SendItems.dispatched(newImage) && (oldImage.isEmpty() || !SendItems.dispatched(oldImage))
                    : Keys.isGroup(newImage) && decided(newImage) && (oldImage.isEmpty() || !decided(oldImage));
            return progressed ? List.of(new StreamChange.SendProgressed(requestId)) : List.of();
        }
        return List.of();
    }

    private List<StreamChange> device(WriteKind kind, Map<String, AttributeValue> oldImage,
                                     Map<String, AttributeValue> newImage, boolean byTimeToLive, Instant approximateAt) {
        switch (kind) {
            case INSERT:
                return List.of(new StreamChange.DeviceWritten(null, DeviceItems.device(newImage, defaultAppId)));
            case MODIFY:
                Device before = DeviceItems.device(oldImage, defaultAppId);
                Device after = DeviceItems.device(newImage, defaultAppId);
                if (ItemAttributes.expired(oldImage, Timestamps.ofMicros(after.registrationVersion()))) {
                    return List.of(expired(before, expiry(oldImage)), new StreamChange.DeviceWritten(null, after));
                }
                return List.of(new StreamChange.DeviceWritten(before, after));
            default:
                Device removed = DeviceItems.device(oldImage, defaultAppId);
                return List.of(byTimeToLive ? expired(removed, approximateAt) : new StreamChange.DeviceRemoved(removed));
        }
    }

    private static StreamChange.DeviceDeleted expired(Device device, Instant at) {
        return new StreamChange.DeviceDeleted(device.address(), device.personId(), DeletionReason.EXPIRED, at,
                Optional.empty(), device.liveActivities().activities().values());
    }

    private static Instant expiry(Map<String, AttributeValue> item) {
        return Instant.ofEpochSecond(Long.parseLong(item.get(ItemAttributes.EXPIRES_AT).n()));
    }

    private static boolean decided(Map<String, AttributeValue> group) {
        return group.get(ItemAttributes.OUTCOMES).s().indexOf(SendItems.PENDING) < 0;
    }
}
