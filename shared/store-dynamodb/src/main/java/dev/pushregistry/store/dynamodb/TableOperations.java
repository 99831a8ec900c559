package dev.pushregistry.store.dynamodb;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Every request the stores make of the registry table, with every condition and update expression,
 * by aggregate: {@link #changes()} (a registry change's writes), {@link #people()} (reading and
 * forgetting a person), {@link #sends()} (send requests and delivery groups). Keys come from
 * {@link Keys}, attributes from {@link ItemAttributes}; the requests are run by a {@link TableGateway}.
 */
final class TableOperations {
    /** A new item: nothing under its key yet. */
    static final String ABSENT = "attribute_not_exists(#pk)";
    /** On a profile: no forget of the person is under way (one whose lease ran out was cut off). */
    static final String NOT_BEING_FORGOTTEN = "(attribute_not_exists(#forgetUntil) OR #forgetUntil < :nowSeconds)";

    private final Keys keys;
    private final RegistryChangeOperations changes;
    private final PersonOperations people;
    private final SendOperations sends;

    /**
     * @param keys the keys of devices, for the deployment's default app
     * @param deviceLifetime how long after {@code last_used} a device expires
     * @param historyRetention how long token-history entries are kept
     */
    TableOperations(String tableName, Keys keys, Duration deviceLifetime, Duration historyRetention) {
        Objects.requireNonNull(tableName, "tableName");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.changes = new RegistryChangeOperations(tableName, keys, Objects.requireNonNull(deviceLifetime, "deviceLifetime"),
                Objects.requireNonNull(historyRetention, "historyRetention"));
        this.people = new PersonOperations(tableName, keys);
        this.sends = new SendOperations(tableName, keys);
    }

    /** The app of an item that does not name one. */
    String defaultAppId() {
        return keys.defaultAppId();
    }

    /** The keys of the table's items. */
    Keys keys() {
        return keys;
    }

    RegistryChangeOperations changes() {
        return changes;
    }

    PersonOperations people() {
        return people;
    }

    SendOperations sends() {
        return sends;
    }

    /** An unconditional put. */
    static TransactWriteItem put(String tableName, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(item).build()).build();
    }

    /** A consistent query of everything under one partition key. */
    static QueryRequest partition(String partitionKey) {
        return QueryRequest.builder()
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", Keys.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partitionKey)))
                .consistentRead(true)
                .build();
    }

    /** The names a profile write uses, and {@code more}. */
    static Map<String, String> profileNames(Map<String, String> more) {
        Map<String, String> names = new HashMap<>(Map.of(
                "#entity", ItemAttributes.ENTITY,
                "#person", ItemAttributes.PERSON_ID,
                "#unsubscribed", ItemAttributes.UNSUBSCRIBED,
                "#created", ItemAttributes.CREATED_AT,
                "#updated", ItemAttributes.UPDATED_AT,
                "#forgetId", ItemAttributes.FORGET_ID,
                "#forgetUntil", ItemAttributes.FORGET_UNTIL));
        names.putAll(more);
        return names;
    }
}
