package dev.pushregistry.store;

import dev.pushregistry.sending.Delivery;
import dev.pushregistry.sending.DeliveryOutcome;
import dev.pushregistry.sending.DispatchSkip;
import dev.pushregistry.sending.SendStore;
import dev.pushregistry.sending.SendSummary;
import dev.pushregistry.time.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Send requests and deliveries in the registry table (layout in {@link Keys}), next to the devices
 * they change, so that a delivery's outcome and its device change are written in one transaction.
 * Records expire after the retention period.
 */
public final class DynamoDbSendStore implements SendStore {
    private static final String UNDECIDED_OR_FAILED = "(attribute_not_exists(#outcome) OR #outcome = :failed)";

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final DynamoDbRegistryStore registry;
    private final Duration retention;

    /**
     * @param registry the store of the devices in the same table, whose changes go into the same
     *     transactions
     * @param retention how long request and delivery records are kept
     */
    public DynamoDbSendStore(DynamoDbClient dynamo, String tableName, DynamoDbRegistryStore registry,
                             Duration retention) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    @Override
    public void recordAccepted(String requestId, Instant now) {
        DynamoDbRegistryStore.call("record a send request", () -> dynamo.updateItem(update -> update
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
                        ":expires", ItemMapper.number(expiry(now))))));
    }

    @Override
    public boolean isDispatched(String requestId) {
        Map<String, AttributeValue> item = DynamoDbRegistryStore.call("read a send request", () -> dynamo.getItem(get -> get
                .tableName(tableName).key(Keys.sendRequest(requestId)).consistentRead(true)).item());
        return item != null && item.containsKey(ItemMapper.DISPATCHED) && item.get(ItemMapper.DISPATCHED).bool();
    }

    @Override
    public List<Delivery> planDeliveries(List<Delivery> deliveries, Instant now) {
        List<Delivery> toPush = new ArrayList<>();
        long expiresAt = expiry(now);
        for (Delivery delivery : deliveries) {
            try {
                DynamoDbRegistryStore.call("plan a delivery", () -> dynamo.putItem(put -> put
                        .tableName(tableName)
                        .item(ItemMapper.deliveryItem(delivery, now, expiresAt))
                        .conditionExpression("attribute_not_exists(" + Keys.PK + ")")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
                toPush.add(delivery);
            } catch (StoreFailureException failure) {
                if (!(failure.getCause() instanceof ConditionalCheckFailedException existing)) {
                    throw failure;
                }
                Optional<DeliveryOutcome> outcome = existing.hasItem()
                        ? ItemMapper.outcome(existing.item()) : Optional.empty();
                if (outcome.isEmpty() || outcome.get() == DeliveryOutcome.FAILED) {
                    toPush.add(delivery);
                }
            }
        }
        return toPush;
    }

    @Override
    public void markDispatched(String requestId, Map<DispatchSkip, Integer> skips, Instant now) {
        DynamoDbRegistryStore.call("mark a send request dispatched", () -> dynamo.updateItem(update -> update
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
                        ":expires", ItemMapper.number(expiry(now))))));
    }

    @Override
    public Claim claim(Delivery delivery, String claimId, Instant now) {
        try {
            DynamoDbRegistryStore.call("claim a delivery", () -> dynamo.updateItem(update -> update
                    .tableName(tableName)
                    .key(Keys.delivery(delivery.requestId(), delivery.token()))
                    .updateExpression("SET #claim = :claim")
                    .conditionExpression("attribute_exists(#pk) AND ((attribute_not_exists(#outcome)"
                            + " AND (attribute_not_exists(#claim) OR #claim = :claim)) OR #outcome = :failed)")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK, "#claim", ItemMapper.CLAIM_ID,
                            "#outcome", ItemMapper.OUTCOME))
                    .expressionAttributeValues(Map.of(
                            ":claim", AttributeValue.fromS(claimId),
                            ":failed", AttributeValue.fromS(DeliveryOutcome.FAILED.wire())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return Claim.CLAIMED;
        } catch (StoreFailureException failure) {
            if (!(failure.getCause() instanceof ConditionalCheckFailedException refused)) {
                throw failure;
            }
            if (!refused.hasItem() || refused.item().isEmpty() || ItemMapper.outcome(refused.item()).isPresent()) {
                return Claim.ALREADY_DECIDED;
            }
            return Claim.HELD_ELSEWHERE;
        }
    }

    @Override
    public boolean recordOutcome(Delivery delivery, String claimId, DeliveryOutcome outcome, String reason,
                                 RegistryChange deviceChange, Instant now) {
        Update decide = decideUpdate(delivery, claimId, outcome, reason, now);
        if (deviceChange == null) {
            try {
                DynamoDbRegistryStore.call("record a delivery outcome", () -> dynamo.updateItem(update -> update
                        .tableName(tableName)
                        .key(decide.key())
                        .updateExpression(decide.updateExpression())
                        .conditionExpression(decide.conditionExpression())
                        .expressionAttributeNames(decide.expressionAttributeNames())
                        .expressionAttributeValues(decide.expressionAttributeValues())));
                return true;
            } catch (StoreFailureException failure) {
                if (failure.getCause() instanceof ConditionalCheckFailedException) {
                    return false;
                }
                throw failure;
            }
        }
        DynamoDbRegistryStore.ChangeWrites deviceWrites = registry.writesFor(deviceChange);
        List<TransactWriteItem> writes = new ArrayList<>(deviceWrites.items());
        writes.add(TransactWriteItem.builder().update(decide).build());
        String requestToken = UUID.randomUUID().toString();
        try {
            DynamoDbRegistryStore.call("record a delivery outcome", () -> dynamo.transactWriteItems(transaction -> transaction
                    .transactItems(writes)
                    .clientRequestToken(requestToken)));
            return true;
        } catch (StoreFailureException failure) {
            if (failure.getCause() instanceof TransactionCanceledException canceled) {
                List<CancellationReason> reasons = canceled.cancellationReasons();
                if (reasons.size() == writes.size()
                        && "ConditionalCheckFailed".equals(reasons.get(writes.size() - 1).code())) {
                    return false;
                }
                if (DynamoDbRegistryStore.isConcurrent(canceled)) {
                    throw deviceWrites.refusal(canceled);
                }
                if (DynamoDbRegistryStore.hasReason(canceled, "ThrottlingError")) {
                    throw new StoreThrottledException(canceled);
                }
            }
            throw failure;
        }
    }

    private Update decideUpdate(Delivery delivery, String claimId, DeliveryOutcome outcome, String reason,
                                Instant now) {
        Map<String, String> names = new HashMap<>(Map.of("#outcome", ItemMapper.OUTCOME, "#claim", ItemMapper.CLAIM_ID,
                "#decided", ItemMapper.DECIDED_AT, "#reason", ItemMapper.REASON));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":outcome", AttributeValue.fromS(outcome.wire()),
                ":claim", AttributeValue.fromS(claimId),
                ":now", AttributeValue.fromS(Timestamps.format(now)),
                ":failed", AttributeValue.fromS(DeliveryOutcome.FAILED.wire())));
        String set = "SET #outcome = :outcome, #decided = :now";
        String expression;
        if (reason != null) {
            values.put(":reason", AttributeValue.fromS(reason));
            expression = set + ", #reason = :reason";
        } else {
            expression = set + " REMOVE #reason";
        }
        return Update.builder()
                .tableName(tableName)
                .key(Keys.delivery(delivery.requestId(), delivery.token()))
                .updateExpression(expression)
                .conditionExpression("#claim = :claim AND " + UNDECIDED_OR_FAILED)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    @Override
    public Optional<SendSummary> findSummary(String requestId) {
        QueryRequest query = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", Keys.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.send(requestId))))
                .consistentRead(true)
                .build();
        List<Map<String, AttributeValue>> items =
                DynamoDbRegistryStore.call("read a send request", () -> dynamo.queryPaginator(query).items().stream().toList());
        Map<String, AttributeValue> request = null;
        List<Optional<DeliveryOutcome>> outcomes = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            if (Keys.isDelivery(item)) {
                outcomes.add(ItemMapper.outcome(item));
            } else {
                request = item;
            }
        }
        if (request == null && outcomes.isEmpty()) {
            return Optional.empty();
        }
        boolean dispatched = request != null && request.containsKey(ItemMapper.DISPATCHED)
                && request.get(ItemMapper.DISPATCHED).bool();
        return Optional.of(SendSummary.of(requestId, dispatched,
                request == null ? Map.of() : ItemMapper.skips(request), outcomes));
    }

    private long expiry(Instant now) {
        return now.plus(retention).getEpochSecond();
    }
}
