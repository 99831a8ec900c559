package dev.pushregistry.store;

import dev.pushregistry.device.DeletionReason;
import dev.pushregistry.device.Device;
import dev.pushregistry.device.DeviceAddress;
import dev.pushregistry.registry.ConcurrentChangeException;
import dev.pushregistry.registry.RegistryChange;
import dev.pushregistry.sending.DeliveryOutcome;
import dev.pushregistry.sending.DispatchSkip;
import dev.pushregistry.sending.GroupRecord;
import dev.pushregistry.time.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Every request the stores make of the registry table, with every condition and update expression:
 * the one place that says how a registry change, a forget or a delivery's life becomes writes.
 * Keys come from {@link Keys}, attributes from {@link ItemMapper}; the requests are run by a
 * {@link TableGateway}.
 */
final class TableRequests {
    /** A new item: nothing under its key yet. */
    private static final String ABSENT = "attribute_not_exists(#pk)";
    /** A new token: nothing under its key, or a device whose lifetime ran out. */
    private static final String ABSENT_OR_EXPIRED = ABSENT + " OR #expires <= :now";
    /**
     * The device is as read: the same registration (owner and attributes) and the same status, so a
     * sender's status change and a registry operation never overwrite each other.
     */
    private static final String AS_READ = "#version = :version AND #status = :status";
    /** On a profile: no forget of the person is under way (one whose lease ran out was cut off). */
    private static final String NOT_BEING_FORGOTTEN = "(attribute_not_exists(#forgetUntil) OR #forgetUntil < :nowSeconds)";
    /** On a profile: the person's history has no entry as new as the change. */
    private static final String HISTORY_OLDER = "(attribute_not_exists(#order) OR #order < :order)";
    private static final String PROFILE_FIELDS = "#entity = :entity, #person = :person,"
            + " #unsubscribed = if_not_exists(#unsubscribed, :false),"
            + " #created = if_not_exists(#created, :at), #updated = if_not_exists(#updated, :at)";

    private final String tableName;
    private final Keys keys;
    private final Duration deviceLifetime;
    private final Duration historyRetention;

    /**
     * @param keys the keys of devices, for the deployment's default app
     * @param deviceLifetime how long after {@code last_used} a device expires
     * @param historyRetention how long token-history entries are kept
     */
    TableRequests(String tableName, Keys keys, Duration deviceLifetime, Duration historyRetention) {
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.deviceLifetime = Objects.requireNonNull(deviceLifetime, "deviceLifetime");
        this.historyRetention = Objects.requireNonNull(historyRetention, "historyRetention");
    }

    /** The app of an item that does not name one. */
    String defaultAppId() {
        return keys.defaultAppId();
    }

    /** The keys of the table's items. */
    Keys keys() {
        return keys;
    }

    // --- registry changes ------------------------------------------------------------------------

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
                        newestHistoryOrder = Math.max(newestHistoryOrder, ItemMapper.historyOrder(profile.get()));
                        beingForgotten |= ItemMapper.beingForgotten(profile.get(), at);
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
                writes.add(put(ItemMapper.deletionNote(transition.before().address(),
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
                    ItemMapper.historyItem(entry.personId(), entry.event(), change.version(), sequence++,
                            keys.defaultAppId(), historyExpiry);
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(item)
                    .conditionExpression(ABSENT).expressionAttributeNames(Map.of("#pk", Keys.PK)).build()).build());
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

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(item).build()).build();
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
            names = Map.of("#pk", Keys.PK, "#expires", ItemMapper.EXPIRES_AT);
            values.put(":now", ItemMapper.number(at.getEpochSecond()));
        } else {
            condition = AS_READ;
            names = Map.of("#version", ItemMapper.REG_VERSION, "#status", ItemMapper.LAST_STATUS);
            values.put(":version", ItemMapper.number(before.registrationVersion()));
            values.put(":status", AttributeValue.fromS(before.status().stored()));
        }
        if (after != null) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(tableName)
                    .item(ItemMapper.tokenItem(after, expiry(after), keys))
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
                    .item(ItemMapper.personDeviceItem(after, expiry(after), keys)).build()).build());
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
                .conditionExpression(NOT_BEING_FORGOTTEN + " AND " + HISTORY_OLDER)
                .expressionAttributeNames(profileNames(Map.of("#order", ItemMapper.HISTORY_ORDER)))
                .expressionAttributeValues(Map.of(
                        ":entity", AttributeValue.fromS(ItemMapper.ENTITY_PROFILE),
                        ":person", AttributeValue.fromS(personId),
                        ":false", AttributeValue.fromBool(false),
                        ":at", AttributeValue.fromS(Timestamps.format(at)),
                        ":order", ItemMapper.number(change.version()),
                        ":nowSeconds", ItemMapper.number(at.getEpochSecond())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    // --- people ----------------------------------------------------------------------------------

    /** A person's devices and profile, without their history. */
    QueryRequest personDevicesAndProfile(String personId) {
        return personRange(personId, "#sk BETWEEN :devices AND :profile", Map.of(
                ":devices", AttributeValue.fromS(Keys.DEVICE_PREFIX),
                ":profile", AttributeValue.fromS(Keys.PROFILE_SORT_KEY))).build();
    }

    /** A person's history, newest first. */
    QueryRequest personHistoryNewestFirst(String personId) {
        return personRange(personId, "begins_with(#sk, :history)",
                Map.of(":history", AttributeValue.fromS(Keys.HISTORY_PREFIX))).scanIndexForward(false).build();
    }

    /** A consistent query of the sort keys under a person's key that {@code sortKeyCondition} picks. */
    private static QueryRequest.Builder personRange(String personId, String sortKeyCondition,
                                                    Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":pk", AttributeValue.fromS(Keys.person(personId)));
        return QueryRequest.builder()
                .keyConditionExpression("#pk = :pk AND " + sortKeyCondition)
                .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                .expressionAttributeValues(all)
                .consistentRead(true);
    }

    /** Everything under a person's key. */
    QueryRequest personItems(String personId) {
        return partition(Keys.person(personId));
    }

    /** Sets the person's {@code unsubscribed} flag, creating the profile; waits for a forget under way. */
    Update saveUnsubscribed(String personId, boolean unsubscribed, Instant now) {
        return Update.builder()
                .tableName(tableName)
                .key(Keys.profile(personId))
                .updateExpression("SET #entity = :entity, #person = :person, #unsubscribed = :unsubscribed,"
                        + " #created = if_not_exists(#created, :at), #updated = :at REMOVE #forgetId, #forgetUntil")
                .conditionExpression(NOT_BEING_FORGOTTEN)
                .expressionAttributeNames(profileNames(Map.of()))
                .expressionAttributeValues(Map.of(
                        ":entity", AttributeValue.fromS(ItemMapper.ENTITY_PROFILE),
                        ":person", AttributeValue.fromS(personId),
                        ":unsubscribed", AttributeValue.fromBool(unsubscribed),
                        ":at", AttributeValue.fromS(Timestamps.format(now)),
                        ":nowSeconds", ItemMapper.number(now.getEpochSecond())))
                .build();
    }

    /** Marks the person's profile (creating a bare one if needed) as being forgotten by {@code forgetId}. */
    Update markForgetting(String personId, String forgetId, Instant until) {
        return Update.builder()
                .tableName(tableName)
                .key(Keys.profile(personId))
                .updateExpression("SET #entity = :entity, #person = :person, #forgetId = :id, #forgetUntil = :until")
                .expressionAttributeNames(Map.of("#entity", ItemMapper.ENTITY, "#person", ItemMapper.PERSON_ID,
                        "#forgetId", ItemMapper.FORGET_ID, "#forgetUntil", ItemMapper.FORGET_UNTIL))
                .expressionAttributeValues(Map.of(
                        ":entity", AttributeValue.fromS(ItemMapper.ENTITY_PROFILE),
                        ":person", AttributeValue.fromS(personId),
                        ":id", AttributeValue.fromS(forgetId),
                        ":until", ItemMapper.number(until.getEpochSecond())))
                .build();
    }

    /** Deletes the forgotten person's profile if {@code forgetId} still holds its mark. */
    TransactWriteItem deleteForgottenProfile(String personId, String forgetId) {
        return TransactWriteItem.builder().delete(Delete.builder()
                .tableName(tableName)
                .key(Keys.profile(personId))
                .conditionExpression("#forgetId = :id")
                .expressionAttributeNames(Map.of("#forgetId", ItemMapper.FORGET_ID))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(forgetId)))
                .build()).build();
    }

    /**
     * Deletes a device while it is still the person's, together with the person's copy of it, and
     * notes why.
     *
     * @param version the registration version the person's copy has (a register racing the forget
     *     may have made the device's newer: the note is then found as the newest before it)
     */
    List<TransactWriteItem> forgetDevice(String personId, DeviceAddress device, long version, Instant now) {
        return List.of(
                TransactWriteItem.builder().delete(Delete.builder().tableName(tableName)
                        .key(keys.device(device))
                        .conditionExpression("#person = :person")
                        .expressionAttributeNames(Map.of("#person", ItemMapper.PERSON_ID))
                        .expressionAttributeValues(Map.of(":person", AttributeValue.fromS(personId)))
                        .build()).build(),
                forgetDeviceCopy(personId, device),
                put(ItemMapper.deletionNote(device, version, DeletionReason.FORGOTTEN, now, Optional.empty())));
    }

    /** Deletes the person's copy of a device. */
    TransactWriteItem forgetDeviceCopy(String personId, DeviceAddress device) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(tableName)
                .key(keys.personDevice(personId, device)).build()).build();
    }

    private static Map<String, String> profileNames(Map<String, String> more) {
        Map<String, String> names = new HashMap<>(Map.of(
                "#entity", ItemMapper.ENTITY,
                "#person", ItemMapper.PERSON_ID,
                "#unsubscribed", ItemMapper.UNSUBSCRIBED,
                "#created", ItemMapper.CREATED_AT,
                "#updated", ItemMapper.UPDATED_AT,
                "#forgetId", ItemMapper.FORGET_ID,
                "#forgetUntil", ItemMapper.FORGET_UNTIL));
        names.putAll(more);
        return names;
    }

    // --- sends and deliveries --------------------------------------------------------------------

    /** Everything of a send request: the request item and its delivery groups. */
    QueryRequest sendItems(String requestId) {
        return partition(Keys.send(requestId));
    }

    /** Records that a send request was accepted, keeping what is there. */
    TransactWriteItem recordAccepted(String requestId, Instant now, long expiresAt) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(tableName)
                .key(Keys.sendRequest(requestId))
                .updateExpression("SET #entity = :entity, #request = :request,"
                        + " #created = if_not_exists(#created, :now), #expires = if_not_exists(#expires, :expires)")
                .expressionAttributeNames(Map.of("#entity", ItemMapper.ENTITY, "#request", ItemMapper.REQUEST_ID,
                        "#created", ItemMapper.CREATED_AT, "#expires", ItemMapper.EXPIRES_AT))
                .expressionAttributeValues(Map.of(
                        ":entity", AttributeValue.fromS(ItemMapper.ENTITY_SEND),
                        ":request", AttributeValue.fromS(requestId),
                        ":now", AttributeValue.fromS(Timestamps.format(now)),
                        ":expires", ItemMapper.number(expiresAt)))
                .build()).build();
    }

    /** Records that a request was dispatched, with the devices it left out. */
    TransactWriteItem markDispatched(String requestId, Map<DispatchSkip, Integer> skips, Instant now, long expiresAt) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(tableName)
                .key(Keys.sendRequest(requestId))
                .updateExpression("SET #entity = :entity, #request = :request, #dispatched = :true,"
                        + " #skipped = :skipped, #decided = :now, #created = if_not_exists(#created, :now),"
                        + " #expires = if_not_exists(#expires, :expires)")
                .expressionAttributeNames(Map.of("#entity", ItemMapper.ENTITY, "#request", ItemMapper.REQUEST_ID,
                        "#dispatched", ItemMapper.DISPATCHED, "#skipped", ItemMapper.SKIPPED,
                        "#decided", ItemMapper.DECIDED_AT, "#created", ItemMapper.CREATED_AT,
                        "#expires", ItemMapper.EXPIRES_AT))
                .expressionAttributeValues(Map.of(
                        ":entity", AttributeValue.fromS(ItemMapper.ENTITY_SEND),
                        ":request", AttributeValue.fromS(requestId),
                        ":true", AttributeValue.fromBool(true),
                        ":skipped", ItemMapper.skipsValue(skips),
                        ":now", AttributeValue.fromS(Timestamps.format(now)),
                        ":expires", ItemMapper.number(expiresAt)))
                .build()).build();
    }

    /**
     * Makes a stream record the one that announces a request's completion: on the request item,
     * unless another record holds the claim.
     */
    Update claimCompletion(String requestId, String recordId) {
        return Update.builder()
                .tableName(tableName)
                .key(Keys.sendRequest(requestId))
                .updateExpression("SET #completedBy = :record")
                .conditionExpression("attribute_exists(#pk) AND (attribute_not_exists(#completedBy)"
                        + " OR #completedBy = :record)")
                .expressionAttributeNames(Map.of("#pk", Keys.PK, "#completedBy", ItemMapper.COMPLETED_BY))
                .expressionAttributeValues(Map.of(":record", AttributeValue.fromS(recordId)))
                .build();
    }

    /**
     * The note of a registration's delete: the newest note of the device's deletes noted at or
     * before the registration's version (exactly it, but for a forget that raced a register).
     */
    QueryRequest deletionNote(DeviceAddress device, long registrationVersion) {
        Map<String, AttributeValue> newest = Keys.deletionNote(device, registrationVersion);
        return QueryRequest.builder()
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :first AND :newest")
                .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                .expressionAttributeValues(Map.of(":pk", newest.get(Keys.PK),
                        ":first", AttributeValue.fromS(Keys.DELETION_PREFIX + device.appId() + "#"),
                        ":newest", newest.get(Keys.SK)))
                .scanIndexForward(false)
                .limit(1)
                .consistentRead(true)
                .build();
    }

    /** A request's delivery groups, in number order. */
    QueryRequest groupsOf(String requestId) {
        return QueryRequest.builder()
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :group)")
                .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.send(requestId)),
                        ":group", AttributeValue.fromS(Keys.GROUP_PREFIX)))
                .consistentRead(true)
                .build();
    }

    /** Plans a delivery group unless its number is taken; a refusal returns the group that has it. */
    TransactWriteItem planGroup(GroupRecord group, long expiresAt) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(tableName)
                .item(ItemMapper.groupItem(group, expiresAt, keys.defaultAppId()))
                .conditionExpression(ABSENT)
                .expressionAttributeNames(Map.of("#pk", Keys.PK))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    /**
     * Claims a planned group for a queue message: one no message holds, one this message holds
     * already, or one whose every slot is decided. Run with {@link TableGateway#updateReturningOld},
     * it answers the group as it was; a refusal returns it too.
     */
    Update claimGroup(String requestId, int number, String claimId) {
        return Update.builder()
                .tableName(tableName)
                .key(Keys.group(requestId, number))
                .updateExpression("SET #claim = :claim")
                .conditionExpression("attribute_exists(#pk) AND (attribute_not_exists(#claim) OR #claim = :claim"
                        + " OR NOT contains(#outcomes, :pending))")
                .expressionAttributeNames(Map.of("#pk", Keys.PK, "#claim", ItemMapper.CLAIM_ID,
                        "#outcomes", ItemMapper.OUTCOMES))
                .expressionAttributeValues(Map.of(
                        ":claim", AttributeValue.fromS(claimId),
                        ":pending", AttributeValue.fromS(String.valueOf(ItemMapper.PENDING))))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /**
     * Records a group's outcomes if the claim still holds it and its outcomes are as read; a refusal
     * returns the group as it is.
     */
    TransactWriteItem recordGroup(GroupRecord asRead, String claimId, List<Optional<DeliveryOutcome>> outcomes,
                                  Optional<String> reason, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":claim", AttributeValue.fromS(claimId),
                ":before", ItemMapper.outcomesValue(asRead.outcomes()),
                ":outcomes", ItemMapper.outcomesValue(outcomes),
                ":now", AttributeValue.fromS(Timestamps.format(now))));
        String expression = "SET #outcomes = :outcomes, #decided = :now";
        if (reason.isPresent()) {
            values.put(":reason", AttributeValue.fromS(reason.get()));
            expression += ", #reason = :reason";
        }
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(tableName)
                .key(Keys.group(asRead.requestId(), asRead.number()))
                .updateExpression(expression)
                .conditionExpression("#claim = :claim AND #outcomes = :before")
                .expressionAttributeNames(reason.isPresent()
                        ? Map.of("#outcomes", ItemMapper.OUTCOMES, "#claim", ItemMapper.CLAIM_ID,
                                "#decided", ItemMapper.DECIDED_AT, "#reason", ItemMapper.REASON)
                        : Map.of("#outcomes", ItemMapper.OUTCOMES, "#claim", ItemMapper.CLAIM_ID,
                                "#decided", ItemMapper.DECIDED_AT))
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    private static QueryRequest partition(String partitionKey) {
        return QueryRequest.builder()
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", Keys.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partitionKey)))
                .consistentRead(true)
                .build();
    }

    private long expiry(Device device) {
        return device.lastUsed().plus(deviceLifetime).getEpochSecond();
    }
}
