package dev.pushregistry.store.dynamodb;

import dev.pushregistry.core.device.DeletionReason;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.time.Timestamps;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The requests about a person: reading their devices, profile and history, their unsubscribed
 * flag, and forgetting them (the mark that holds writers off, each device deleted while still
 * theirs, the profile last).
 */
final class PersonOperations {
    private final String tableName;
    private final Keys keys;

    PersonOperations(String tableName, Keys keys) {
        this.tableName = tableName;
        this.keys = keys;
    }

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
        return TableOperations.partition(Keys.person(personId));
    }

    /** Sets the person's {@code unsubscribed} flag, creating the profile; waits for a forget under way. */
    Update saveUnsubscribed(String personId, boolean unsubscribed, Instant now) {
        return Update.builder()
                .tableName(tableName)
                .key(Keys.profile(personId))
                .updateExpression("SET #entity = :entity, #person = :person, #unsubscribed = :unsubscribed,"
                        + " #created = if_not_exists(#created, :at), #updated = :at REMOVE #forgetId, #forgetUntil")
                .conditionExpression(TableOperations.NOT_BEING_FORGOTTEN)
                .expressionAttributeNames(TableOperations.profileNames(Map.of()))
                .expressionAttributeValues(Map.of(
                        ":entity", AttributeValue.fromS(ItemAttributes.ENTITY_PROFILE),
                        ":person", AttributeValue.fromS(personId),
                        ":unsubscribed", AttributeValue.fromBool(unsubscribed),
                        ":at", AttributeValue.fromS(Timestamps.format(now)),
                        ":nowSeconds", ItemAttributes.number(now.getEpochSecond())))
                .build();
    }

    /** Marks the person's profile (creating a bare one if needed) as being forgotten by {@code forgetId}. */
    Update markForgetting(String personId, String forgetId, Instant until) {
        return Update.builder()
                .tableName(tableName)
                .key(Keys.profile(personId))
                .updateExpression("SET #entity = :entity, #person = :person, #forgetId = :id, #forgetUntil = :until")
                .expressionAttributeNames(Map.of("#entity", ItemAttributes.ENTITY, "#person", ItemAttributes.PERSON_ID,
                        "#forgetId", ItemAttributes.FORGET_ID, "#forgetUntil", ItemAttributes.FORGET_UNTIL))
                .expressionAttributeValues(Map.of(
                        ":entity", AttributeValue.fromS(ItemAttributes.ENTITY_PROFILE),
                        ":person", AttributeValue.fromS(personId),
                        ":id", AttributeValue.fromS(forgetId),
                        ":until", ItemAttributes.number(until.getEpochSecond())))
                .build();
    }

    /** Deletes the forgotten person's profile if {@code forgetId} still holds its mark. */
    TransactWriteItem deleteForgottenProfile(String personId, String forgetId) {
        return TransactWriteItem.builder().delete(Delete.builder()
                .tableName(tableName)
                .key(Keys.profile(personId))
                .conditionExpression("#forgetId = :id")
                .expressionAttributeNames(Map.of("#forgetId", ItemAttributes.FORGET_ID))
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
                        .expressionAttributeNames(Map.of("#person", ItemAttributes.PERSON_ID))
                        .expressionAttributeValues(Map.of(":person", AttributeValue.fromS(personId)))
                        .build()).build(),
                forgetDeviceCopy(personId, device),
                TableOperations.put(tableName, DeviceItems.deletionNote(device, version, DeletionReason.FORGOTTEN, now,
                        Optional.empty())));
    }

    /** Deletes the person's copy of a device. */
    TransactWriteItem forgetDeviceCopy(String personId, DeviceAddress device) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(tableName)
                .key(keys.personDevice(personId, device)).build()).build();
    }
}
