package dev.pushregistry.store.dynamodb;

import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.sending.DeliveryOutcome;
import dev.pushregistry.core.sending.DispatchSkip;
import dev.pushregistry.core.sending.GroupRecord;
import dev.pushregistry.core.time.Timestamps;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The requests about sends and deliveries: a send request's record and summary, its delivery
 * groups (planned, claimed, their outcomes recorded), the claim that lets one stream record
 * announce a send's completion, and the deletion notes the events read.
 */
final class SendOperations {
    private final String tableName;
    private final Keys keys;

    SendOperations(String tableName, Keys keys) {
        this.tableName = tableName;
        this.keys = keys;
    }

    /** Everything of a send request: the request item and its delivery groups. */
    QueryRequest sendItems(String requestId) {
        return TableOperations.partition(Keys.send(requestId));
    }

    /** Records that a send request was accepted, keeping what is there. */
    TransactWriteItem recordAccepted(String requestId, Instant now, long expiresAt) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(tableName)
                .key(Keys.sendRequest(requestId))
                .updateExpression("SET #entity = :entity, #request = :request,"
                        + " #created = if_not_exists(#created, :now), #expires = if_not_exists(#expires, :expires)")
                .expressionAttributeNames(Map.of("#entity", ItemAttributes.ENTITY, "#request", ItemAttributes.REQUEST_ID,
                        "#created", ItemAttributes.CREATED_AT, "#expires", ItemAttributes.EXPIRES_AT))
                .expressionAttributeValues(Map.of(
                        ":entity", AttributeValue.fromS(ItemAttributes.ENTITY_SEND),
                        ":request", AttributeValue.fromS(requestId),
                        ":now", AttributeValue.fromS(Timestamps.format(now)),
                        ":expires", ItemAttributes.number(expiresAt)))
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
                .expressionAttributeNames(Map.of("#entity", ItemAttributes.ENTITY, "#request", ItemAttributes.REQUEST_ID,
                        "#dispatched", ItemAttributes.DISPATCHED, "#skipped", ItemAttributes.SKIPPED,
                        "#decided", ItemAttributes.DECIDED_AT, "#created", ItemAttributes.CREATED_AT,
                        "#expires", ItemAttributes.EXPIRES_AT))
                .expressionAttributeValues(Map.of(
                        ":entity", AttributeValue.fromS(ItemAttributes.ENTITY_SEND),
                        ":request", AttributeValue.fromS(requestId),
                        ":true", AttributeValue.fromBool(true),
                        ":skipped", SendItems.skipsValue(skips),
                        ":now", AttributeValue.fromS(Timestamps.format(now)),
                        ":expires", ItemAttributes.number(expiresAt)))
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
                .expressionAttributeNames(Map.of("#pk", Keys.PK, "#completedBy", ItemAttributes.COMPLETED_BY))
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
                .item(SendItems.groupItem(group, expiresAt, keys.defaultAppId()))
                .conditionExpression(TableOperations.ABSENT)
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
                .expressionAttributeNames(Map.of("#pk", Keys.PK, "#claim", ItemAttributes.CLAIM_ID,
                        "#outcomes", ItemAttributes.OUTCOMES))
                .expressionAttributeValues(Map.of(
                        ":claim", AttributeValue.fromS(claimId),
                        ":pending", AttributeValue.fromS(String.valueOf(SendItems.PENDING))))
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
                ":before", SendItems.outcomesValue(asRead.outcomes()),
                ":outcomes", SendItems.outcomesValue(outcomes),
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
                        ? Map.of("#outcomes", ItemAttributes.OUTCOMES, "#claim", ItemAttributes.CLAIM_ID,
                                "#decided", ItemAttributes.DECIDED_AT, "#reason", ItemAttributes.REASON)
                        : Map.of("#outcomes", ItemAttributes.OUTCOMES, "#claim", ItemAttributes.CLAIM_ID,
                                "#decided", ItemAttributes.DECIDED_AT))
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }
}
