package dev.pushregistry.store.dynamodb;

import dev.pushregistry.core.error.TransientFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The one door to the registry table. Every call goes through here, and every SDK failure comes out
 * typed: a refused conditional write is a {@link Refused} result (with the item as it was, when the
 * write asked for it, and the reason of each write of a transaction by its position), throttling
 * that outlasts the SDK's retries is a {@link TransientFailure.Throttled}, and anything else is a
 * {@link TransientFailure.Unavailable}. Batch calls retry what the table left unprocessed.
 */
final class TableGateway {
    private static final int BATCH_GET_LIMIT = 100;
    private static final int BATCH_WRITE_LIMIT = 25;
    private static final int BATCH_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String tableName;

    TableGateway(DynamoDbClient dynamo, String tableName) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    String tableName() {
        return tableName;
    }

    /** What became of a conditional write or a transaction. */
    sealed interface WriteResult {
    }

    /**
     * The write applied.
     *
     * @param item the item as written or as it was before, when the write asked for it, else empty
     */
    record Applied(Map<String, AttributeValue> item) implements WriteResult {
    }

    /**
     * The write was refused and nothing was written.
     *
     * @param reasons for a transaction, one per write in its order; for a single write, one
     */
    record Refused(List<Reason> reasons) implements WriteResult {
        /** Whether the write at {@code index} failed its condition. */
        boolean conditionFailed(int index) {
            return index < reasons.size() && reasons.get(index).conditionFailed();
        }
    }

    /**
     * Why one write of a refused transaction (or a refused single write) did not apply.
     *
     * @param code DynamoDB's word: {@code ConditionalCheckFailed}, {@code TransactionConflict},
     *     {@code None} for a write that was fine in itself
     * @param item the item as it was, when the write asked for it and its condition failed
     */
    record Reason(String code, Map<String, AttributeValue> item) {
        static final String CONDITION_FAILED = "ConditionalCheckFailed";

        boolean conditionFailed() {
            return CONDITION_FAILED.equals(code);
        }

        Optional<Map<String, AttributeValue>> itemAsItWas() {
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
        }
    }

    /** The item under {@code key}, read strongly consistently. */
    Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = call("read an item", () -> dynamo.getItem(get -> get
                .tableName(tableName).key(key).consistentRead(true)).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** Every item a query finds, all pages; the query's table is filled in. */
    List<Map<String, AttributeValue>> query(QueryRequest query) {
        QueryRequest onTable = query.toBuilder().tableName(tableName).build();
        return call("query the table", () -> dynamo.queryPaginator(onTable).items().stream().toList());
    }

    /** The first {@code max} items a query finds, in its order. */
    List<Map<String, AttributeValue>> query(QueryRequest query, int max) {
        QueryRequest onTable = query.toBuilder().tableName(tableName).limit(Math.min(max, 1000)).build();
        return call("query the table", () -> dynamo.queryPaginator(onTable).items().stream().limit(max).toList());
    }

    /** The items under {@code keys} that exist, read strongly consistently, in batches. */
    List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int start = 0; start < keys.size(); start += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> pending = keys.subList(start, Math.min(keys.size(), start + BATCH_GET_LIMIT));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > BATCH_ATTEMPTS) {
                    throw new TransientFailure.Throttled(null);
                }
                List<Map<String, AttributeValue>> batch = pending;
                BatchGetItemResponse response = call("read items", () -> dynamo.batchGetItem(get -> get
                        .requestItems(Map.of(tableName, KeysAndAttributes.builder()
                                .keys(batch).consistentRead(true).build()))));
                items.addAll(response.responses().getOrDefault(tableName, List.of()));
                KeysAndAttributes unprocessed = response.unprocessedKeys().get(tableName);
                pending = unprocessed == null ? List.of() : unprocessed.keys();
                if (!pending.isEmpty()) {
                    pause(attempt);
                }
            }
        }
        return items;
    }

    /** Deletes the items under {@code keys}, in batches, without conditions. */
    void batchDelete(List<Map<String, AttributeValue>> keys) {
        for (int start = 0; start < keys.size(); start += BATCH_WRITE_LIMIT) {
            List<WriteRequest> pending = keys.subList(start, Math.min(keys.size(), start + BATCH_WRITE_LIMIT))
                    .stream()
                    .map(key -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build())
                    .toList();
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > BATCH_ATTEMPTS) {
                    throw new TransientFailure.Throttled(null);
                }
                List<WriteRequest> batch = pending;
                BatchWriteItemResponse response = call("delete items",
                        () -> dynamo.batchWriteItem(write -> write.requestItems(Map.of(tableName, batch))));
                pending = response.unprocessedItems().getOrDefault(tableName, List.of());
                if (!pending.isEmpty()) {
                    pause(attempt);
                }
            }
        }
    }

    /**
     * One write on its own (a put, a delete or an update, as built for a transaction), keeping its
     * condition, attribute names and values, and asking for the item as it was when the condition
     * fails if the write asks for it.
     */
    WriteResult write(TransactWriteItem write) {
        return write(write, ReturnValue.NONE);
    }

    /** An update on its own that answers the item as written. */
    WriteResult updateReturningItem(Update update) {
        return write(TransactWriteItem.builder().update(update).build(), ReturnValue.ALL_NEW);
    }

    /** An update on its own that answers the item as it was before (empty when it was new). */
    WriteResult updateReturningOld(Update update) {
        return write(TransactWriteItem.builder().update(update).build(), ReturnValue.ALL_OLD);
    }

    private WriteResult write(TransactWriteItem write, ReturnValue returnItem) {
        return call("write an item", () -> {
            try {
                if (write.put() != null) {
                    Put put = write.put();
                    dynamo.putItem(request -> request.tableName(tableName).item(put.item())
                            .conditionExpression(put.conditionExpression())
                            .expressionAttributeNames(put.hasExpressionAttributeNames() ? put.expressionAttributeNames() : null)
                            .expressionAttributeValues(put.hasExpressionAttributeValues() ? put.expressionAttributeValues() : null)
                            .returnValuesOnConditionCheckFailure(put.returnValuesOnConditionCheckFailureAsString()));
                    return new Applied(Map.of());
                }
                if (write.delete() != null) {
                    Delete delete = write.delete();
                    dynamo.deleteItem(request -> request.tableName(tableName).key(delete.key())
                            .conditionExpression(delete.conditionExpression())
                            .expressionAttributeNames(delete.hasExpressionAttributeNames() ? delete.expressionAttributeNames() : null)
                            .expressionAttributeValues(delete.hasExpressionAttributeValues() ? delete.expressionAttributeValues() : null)
                            .returnValuesOnConditionCheckFailure(delete.returnValuesOnConditionCheckFailureAsString()));
                    return new Applied(Map.of());
                }
                Update update = write.update();
                Map<String, AttributeValue> written = dynamo.updateItem(request -> request.tableName(tableName)
                        .key(update.key())
                        .updateExpression(update.updateExpression())
                        .conditionExpression(update.conditionExpression())
                        .expressionAttributeNames(update.hasExpressionAttributeNames() ? update.expressionAttributeNames() : null)
                        .expressionAttributeValues(update.hasExpressionAttributeValues() ? update.expressionAttributeValues() : null)
                        .returnValuesOnConditionCheckFailure(update.returnValuesOnConditionCheckFailureAsString())
                        .returnValues(returnItem)).attributes();
                return new Applied(written == null ? Map.of() : written);
            } catch (ConditionalCheckFailedException refused) {
                return new Refused(List.of(new Reason(Reason.CONDITION_FAILED, refused.hasItem() ? refused.item() : null)));
            }
        });
    }

    /**
     * The writes in one transaction, all or nothing. A refusal for a condition or a concurrent
     * transaction is a {@link Refused} result; throttling is a {@link TransientFailure.Throttled}.
     */
    WriteResult transact(List<TransactWriteItem> writes) {
        String requestToken = UUID.randomUUID().toString();
        return call("write a transaction", () -> {
            try {
                dynamo.transactWriteItems(transaction -> transaction.transactItems(writes).clientRequestToken(requestToken));
                return new Applied(Map.of());
            } catch (TransactionCanceledException canceled) {
                List<CancellationReason> reasons = canceled.cancellationReasons();
                if (reasons.stream().anyMatch(reason -> "ThrottlingError".equals(reason.code()))) {
                    throw new TransientFailure.Throttled(canceled);
                }
                if (reasons.stream().noneMatch(reason -> Reason.CONDITION_FAILED.equals(reason.code())
                        || "TransactionConflict".equals(reason.code()))) {
                    throw new TransientFailure.Unavailable("a transaction was cancelled: " + reasons, canceled);
                }
                return new Refused(reasons.stream()
                        .map(reason -> new Reason(reason.code(), reason.hasItem() ? reason.item() : null))
                        .toList());
            }
        });
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(1_000L, 20L << attempt));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new TransientFailure.Unavailable("interrupted while backing off", interrupted);
        }
    }

    /** Runs one SDK call and translates its failures into the store's own exceptions. */
    private static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException failure) {
            if (failure instanceof AwsServiceException service && service.isThrottlingException()) {
                throw new TransientFailure.Throttled(failure);
            }
            throw new TransientFailure.Unavailable("could not " + what, failure);
        }
    }
}
