package dev.pushregistry.testing;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Asks DynamoDB for the capacity every call consumes ({@code ReturnConsumedCapacity=TOTAL}) and adds
 * it up, so that the figures of docs/performance.md are measured, not guessed.
 */
public final class CapacityMeter implements ExecutionInterceptor {
    private double readUnits;
    private double writeUnits;
    private double chargedWriteUnits;
    private int calls;
    private int itemsWritten;

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        if (request instanceof GetItemRequest get) {
            return get.toBuilder().returnConsumedCapacity(total).build();
        }
        if (request instanceof PutItemRequest put) {
            return put.toBuilder().returnConsumedCapacity(total).build();
        }
        if (request instanceof DeleteItemRequest delete) {
            return delete.toBuilder().returnConsumedCapacity(total).build();
        }
        if (request instanceof UpdateItemRequest update) {
            return update.toBuilder().returnConsumedCapacity(total).build();
        }
        if (request instanceof QueryRequest query) {
            return query.toBuilder().returnConsumedCapacity(total).build();
        }
        if (request instanceof TransactWriteItemsRequest transaction) {
            return transaction.toBuilder().returnConsumedCapacity(total).build();
        }
        if (request instanceof BatchWriteItemRequest batch) {
            return batch.toBuilder().returnConsumedCapacity(total).build();
        }
        if (request instanceof BatchGetItemRequest batch) {
            return batch.toBuilder().returnConsumedCapacity(total).build();
        }
        return request;
    }

    @Override
    public synchronized void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        calls++;
        SdkRequest request = context.request();
        if (request instanceof TransactWriteItemsRequest transaction) {
            itemsWritten += transaction.transactItems().size();
            chargedWriteUnits += 2.0 * transaction.transactItems().size();
        } else if (request instanceof BatchWriteItemRequest batch) {
            itemsWritten += batch.requestItems().values().stream().mapToInt(java.util.List::size).sum();
        } else if (request instanceof PutItemRequest || request instanceof DeleteItemRequest
                || request instanceof UpdateItemRequest) {
            itemsWritten++;
        }
        if (response instanceof GetItemResponse get) {
            readUnits += units(get.consumedCapacity());
        } else if (response instanceof QueryResponse query) {
            readUnits += units(query.consumedCapacity());
        } else if (response instanceof PutItemResponse put) {
            writeUnits += units(put.consumedCapacity());
            chargedWriteUnits += units(put.consumedCapacity());
        } else if (response instanceof DeleteItemResponse delete) {
            writeUnits += units(delete.consumedCapacity());
            chargedWriteUnits += units(delete.consumedCapacity());
        } else if (response instanceof UpdateItemResponse update) {
            writeUnits += units(update.consumedCapacity());
            chargedWriteUnits += units(update.consumedCapacity());
        } else if (response instanceof TransactWriteItemsResponse transaction) {
            transaction.consumedCapacity().forEach(capacity -> writeUnits += units(capacity));
        } else if (response instanceof BatchWriteItemResponse batch) {
            batch.consumedCapacity().forEach(capacity -> writeUnits += units(capacity));
            batch.consumedCapacity().forEach(capacity -> chargedWriteUnits += units(capacity));
        } else if (response instanceof BatchGetItemResponse batch) {
            batch.consumedCapacity().forEach(capacity -> readUnits += units(capacity));
        }
    }

    /**
     * A refused call (a conditional write whose condition failed) still counts as a request; DynamoDB
     * Local reports no capacity for it, while AWS charges the write.
     */
    @Override
    public synchronized void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        calls++;
        SdkRequest request = context.request();
        if (request instanceof PutItemRequest || request instanceof DeleteItemRequest
                || request instanceof UpdateItemRequest) {
            chargedWriteUnits += 1;
        }
    }

    private static double units(ConsumedCapacity capacity) {
        return capacity == null || capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
    }

    /** Starts a new measurement. */
    public synchronized void reset() {
        readUnits = 0;
        writeUnits = 0;
        chargedWriteUnits = 0;
        calls = 0;
        itemsWritten = 0;
    }

    /** What was consumed since the last reset. */
    public synchronized Reading reading() {
        return new Reading(readUnits, writeUnits, chargedWriteUnits, calls, itemsWritten);
    }

    /**
     * Capacity consumed by a stretch of calls.
     *
     * @param readUnits read capacity units (GetItem, BatchGetItem, Query)
     * @param writeUnits write capacity units (PutItem, DeleteItem, UpdateItem, transactions, batches)
     *     as DynamoDB Local reports them
     * @param chargedWriteUnits the write units AWS charges for the same calls, items being under 1 KB:
     *     two per item of a transaction (DynamoDB Local reports 4 per transaction, whatever its size),
     *     and one for a single write refused by its condition (DynamoDB Local reports none)
     * @param calls how many requests were made (refused conditional writes included)
     * @param itemsWritten how many items the writes named (each item of a transaction or batch)
     */
    public record Reading(double readUnits, double writeUnits, double chargedWriteUnits, int calls, int itemsWritten) {
    }
}
