package dev.pushregistry.store.dynamodb;

import dev.pushregistry.core.device.DeletionReason;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.registry.ConcurrentChangeException;
import dev.pushregistry.core.registry.RegistryChange;
import dev.pushregistry.core.time.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The writes a registry change becomes: each device's conditional put or delete (on the
 * registration and status it was read with), its owners' copies, deletion notes, history entries,
 * and the profile write that orders each person's history. Keys from {@link Keys}, items from
 * {@link ItemAttributes}.
 */
final class RegistryChangeOperations {
    /** A new token: nothing under its key, or a device whose lifetime ran out. */
    private static final String ABSENT_OR_EXPIRED = TableOperations.ABSENT + " OR #expires <= :now";
    /**
     * The device is as read: the same registration (owner and attributes) and the same status, so a
     * sender's status change and a registry operation never overwrite each other.
     */
    private static final String AS_READ = "#version = :version AND #status = :status";
    /** On a profile: the person's history has no entry as new as the change. */
    private static final String HISTORY_OLDER = "(attribute_not_exists(#order) OR #order < :order)";
    private static final String PROFILE_FIELDS = "#entity = :entity, #person = :person,"
            + " #unsubscribed = if_not_exists(#unsubscribed, :false),"
            + " #created = if_not_exists(#created, :at), #updated = if_not_exists(#updated, :at)";

    private final String tableName;
    private final Keys keys;
    private final Duration deviceLifetime;
    private final Duration historyRetention;

    RegistryChangeOperations(String tableName, Keys keys, Duration deviceLifetime, Duration historyRetention) {
        this.tableName = tableName;
        this.keys = keys;
        this.deviceLifetime = deviceLifetime;
        this.historyRetention = historyRetention;
    }

    /**
     * The writes that make up a registry change, for a transaction that may also do other work
     * (appended after them), and which of them are profile writes, so that a refusal can say why.
     *
     * @param items the writes, in transaction order
     * @param profileWrites the person each profile write is for, by its position in {@code items}
     * @param at when the change takes effect
     */
    record ChangeWrites(List<TransactWriteItem> items, Map<Integer, String> profileWrites, Instant at) {
        /**
         * The refusal of a transaction that began with these writes: how far the history of a
         * person it writes for has moved on, and whether one of them is being forgotten.
         */
        ConcurrentChangeException refusal(TableGateway.Refused refused) {
            long newestHistoryOrder = 0;
            boolean beingForgotten = false;
            for (int index : profileWrites.keySet()) {
                if (refused.conditionFailed(index)) {
                    Optional<Map<String, AttributeValue>> profile = refused.reasons().get(index).itemAsItWas();
                    if (profile.isPresent()) {
                        newestHistoryOrder = Math.max(newestHistoryOrder, PersonItems.historyOrder(profile.get()));
                        beingForgotten |= PersonItems.beingForgotten(profile.get(), at);
                    }
                }
            }
            String what = beingForgotten ? "a person it writes for is being forgotten"
                    : newestHistoryOrder > 0 ? "a person's history moved past it" : "a device changed since it was read";
            return new ConcurrentChangeException(what, null, newestHistoryOrder, beingForgotten);
        }
    }

    /** The conditional writes that make up {@code change}. */
    ChangeWrites writesFor(RegistryChange change) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<Integer, String> profileWrites = new HashMap<>();
        Instant at = change.at();
        for (RegistryChange.DeviceTransition transition : change.transitions()) {
            addDeviceWrites(transition, at, writes);
            if (transition.deletion() != null) {
                writes.add(put(DeviceItems.deletionNote(transition.before().address(),
                        transition.before().registrationVersion(), transition.deletion(), at,
                        replacement(change, transition))));
            }
        }
        for (String personId : change.historyPeople()) {
            profileWrites.put(writes.size(), personId);
            writes.add(TransactWriteItem.builder().update(historyProfile(personId, change)).build());
        }
        long historyExpiry = at.plus(historyRetention).getEpochSecond();
        int sequence = 0;
        for (RegistryChange.PersonEvent entry : change.events()) {
            Map<String, AttributeValue> item =
                    PersonItems.historyItem(entry.personId(), entry.event(), change.version(), sequence++,
                            keys.defaultAppId(), historyExpiry);
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(item)
                    .conditionExpression(TableOperations.ABSENT).expressionAttributeNames(Map.of("#pk", Keys.PK)).build()).build());
        }
        return new ChangeWrites(List.copyOf(writes), Map.copyOf(profileWrites), at);
    }

    /** The token that takes a refreshed device's place: the one the same change writes in its app. */
    private static Optional<String> replacement(RegistryChange change, RegistryChange.DeviceTransition deleted) {
        if (deleted.deletion() != DeletionReason.REFRESHED) {
            return Optional.empty();
        }
        return change.transitions().stream()
                .filter(transition -> transition.after() != null
                        && transition.after().appId().equals(deleted.before().appId()))
                .map(transition -> transition.after().token())
                .findFirst();
    }

    private void addDeviceWrites(RegistryChange.DeviceTransition transition, Instant at,
                                 List<TransactWriteItem> writes) {
        Device before = transition.before();
        Device after = transition.after();
        String condition;
        Map<String, String> names;
        Map<String, AttributeValue> values = new HashMap<>();
        if (before == null) {
            condition = ABSENT_OR_EXPIRED;
            names = Map.of("#pk", Keys.PK, "#expires", ItemAttributes.EXPIRES_AT);
            values.put(":now", ItemAttributes.number(at.getEpochSecond()));
        } else {
            condition = AS_READ;
            names = Map.of("#version", ItemAttributes.REG_VERSION, "#status", ItemAttributes.LAST_STATUS);
            values.put(":version", ItemAttributes.number(before.registrationVersion()));
            values.put(":status", AttributeValue.fromS(before.status().stored()));
        }
        if (after != null) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(tableName)
                    .item(DeviceItems.tokenItem(after, expiry(after), keys))
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values).build()).build());
        } else {
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tableName)
                    .key(keys.device(before.address()))
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values).build()).build());
        }
        Optional<String> previousOwner = before == null ? Optional.empty() : before.personId();
        Optional<String> nextOwner = after == null ? Optional.empty() : after.personId();
        if (previousOwner.isPresent() && !previousOwner.equals(nextOwner)) {
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tableName)
                    .key(keys.personDevice(previousOwner.get(), before.address())).build()).build());
        }
        if (nextOwner.isPresent() && !(nextOwner.equals(previousOwner) && onlyStatusDiffers(before, after))) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(tableName)
                    .item(DeviceItems.personDeviceItem(after, expiry(after), keys)).build()).build());
        }
    }

    /**
     * Whether a change leaves the owner's copy as it is: the copy holds everything but the status and
     * the request that last changed it.
     */
    private static boolean onlyStatusDiffers(Device before, Device after) {
        return before.toBuilder().status(after.status()).lastRequest(after.lastRequest().orElse(null)).build()
                .equals(after);
    }

    /**
     * The profile write that goes with history for a person: creates the profile if it is missing,
     * and moves its history order to the change's, on condition that the person's history has no
     * newer entry and that no forget of the person is under way (an abandoned one, whose lease ran
     * out, is cleared). A refusal returns the profile, so that the writer learns which it was.
     */
    private Update historyProfile(String personId, RegistryChange change) {
        Instant at = change.at();
        return Update.builder()
                .tableName(tableName)
                .key(Keys.profile(personId))
                .updateExpression("SET " + PROFILE_FIELDS + ", #order = :order REMOVE #forgetId, #forgetUntil")
                .conditionExpression(TableOperations.NOT_BEING_FORGOTTEN + " AND " + HISTORY_OLDER)
                .expressionAttributeNames(TableOperations.profileNames(Map.of("#order", ItemAttributes.HISTORY_ORDER)))
                .expressionAttributeValues(Map.of(
                        ":entity", AttributeValue.fromS(ItemAttributes.ENTITY_PROFILE),
                        ":person", AttributeValue.fromS(personId),
                        ":false", AttributeValue.fromBool(false),
                        ":at", AttributeValue.fromS(Timestamps.format(at)),
                        ":order", ItemAttributes.number(change.version()),
                        ":nowSeconds", ItemAttributes.number(at.getEpochSecond())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TableOperations.put(tableName, item);
    }

    private long expiry(Device device) {
        return device.lastUsed().plus(deviceLifetime).getEpochSecond();
    }
}
