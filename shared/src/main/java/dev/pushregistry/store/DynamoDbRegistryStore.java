package dev.pushregistry.store;

import dev.pushregistry.device.Device;
import dev.pushregistry.person.HistoryEvent;
import dev.pushregistry.person.PersonDevices;
import dev.pushregistry.person.PersonProfile;
import dev.pushregistry.time.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
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
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The registry kept in one DynamoDB table (layout in {@link Keys}). Every access is by key. A
 * person being forgotten is gone for readers already.
 *
 * <p>Device writes are conditional on the registration version the operation read, so a write
 * based on a stale read is refused instead of overwriting a newer registration. A change that
 * touches a single item is one conditional write; anything larger is one transaction.
 */
public final class DynamoDbRegistryStore implements RegistryStore {
    private static final int BATCH_WRITE_LIMIT = 25;
    private static final int BATCH_GET_LIMIT = 100;
    private static final int BATCH_ATTEMPTS = 8;
    /** How many sweeps a forget makes at the most before it gives up on a person whose items keep changing. */
    private static final int FORGET_SWEEPS = 10;
    /**
     * How long a forget's mark holds off writers. It outlasts any run of the people function (see
     * {@code template.yaml}), so that only a forget that was cut off leaves a mark that runs out.
     */
    public static final Duration FORGET_LEASE = Duration.ofMinutes(2);

    private static final String ABSENT_OR_EXPIRED = "attribute_not_exists(#pk) OR #expires <= :now";
    /**
     * The device is as read: the same registration (owner and attributes) and the same status, so a
     * sender's status change and a registry operation never overwrite each other.
     */
    private static final String AS_READ = "#version = :version AND #status = :status";
    /** On a profile: no forget of the person is under way (one whose lease ran out was cut off). */
    private static final String NOT_BEING_FORGOTTEN = "(attribute_not_exists(#forgetUntil) OR #forgetUntil < :nowSeconds)";

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final Duration deviceLifetime;
    private final Duration historyRetention;

    /**
     * @param deviceLifetime how long after {@code last_used} a device expires
     * @param historyRetention how long token-history entries are kept
     */
    public DynamoDbRegistryStore(DynamoDbClient dynamo, String tableName, Duration deviceLifetime,
                                 Duration historyRetention) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.deviceLifetime = Objects.requireNonNull(deviceLifetime, "deviceLifetime");
        this.historyRetention = Objects.requireNonNull(historyRetention, "historyRetention");
    }

    @Override
    public Optional<Device> findDevice(String token, Instant now) {
        Map<String, AttributeValue> item = call("read a device", () -> dynamo.getItem(get -> get
                .tableName(tableName)
                .key(Keys.token(token))
                .consistentRead(true)).item());
        if (item == null || item.isEmpty() || ItemMapper.expired(item, now)) {
            return Optional.empty();
        }
        return Optional.of(ItemMapper.device(item));
    }

    @Override
    public Map<String, Device> findDevices(Collection<String> tokens, Instant now) {
        Map<String, Device> devices = new HashMap<>();
        List<String> distinct = tokens.stream().distinct().toList();
        for (int start = 0; start < distinct.size(); start += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> pending = distinct
                    .subList(start, Math.min(distinct.size(), start + BATCH_GET_LIMIT)).stream()
                    .map(Keys::token)
                    .toList();
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > BATCH_ATTEMPTS) {
                    throw new StoreThrottledException(null);
                }
                List<Map<String, AttributeValue>> keys = pending;
                BatchGetItemResponse response = call("read devices", () -> dynamo.batchGetItem(get -> get
                        .requestItems(Map.of(tableName, KeysAndAttributes.builder()
                                .keys(keys).consistentRead(true).build()))));
                response.responses().getOrDefault(tableName, List.of()).stream()
                        .filter(item -> !ItemMapper.expired(item, now))
                        .map(ItemMapper::device)
                        .forEach(device -> devices.put(device.token(), device));
                KeysAndAttributes unprocessed = response.unprocessedKeys().get(tableName);
                pending = unprocessed == null ? List.of() : unprocessed.keys();
                if (!pending.isEmpty()) {
                    pause(attempt);
                }
            }
        }
        return devices;
    }

    @Override
    public PersonDevices findPersonDevices(String personId, Instant now) {
        QueryRequest query = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :devices AND :profile")
                .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(Keys.person(personId)),
                        ":devices", AttributeValue.fromS(Keys.DEVICE_PREFIX),
                        ":profile", AttributeValue.fromS(Keys.PROFILE_SORT_KEY)))
                .consistentRead(true)
                .build();
        List<Map<String, AttributeValue>> items =
                call("read a person's devices", () -> dynamo.queryPaginator(query).items().stream().toList());
        List<Device> devices = new ArrayList<>();
        Optional<PersonProfile> profile = Optional.empty();
        for (Map<String, AttributeValue> item : items) {
            if (!Keys.isPersonDevice(item)) {
                if (ItemMapper.beingForgotten(item, now)) {
                    return new PersonDevices(personId, Optional.empty(), List.of());
                }
                profile = ItemMapper.profileIfComplete(item);
            } else if (!ItemMapper.expired(item, now)) {
                devices.add(ItemMapper.device(item));
            }
        }
        return new PersonDevices(personId, profile, devices);
    }

    @Override
    public List<HistoryEvent> findHistory(String personId, Instant now, int max) {
        QueryRequest query = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :history)")
                .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(Keys.person(personId)),
                        ":history", AttributeValue.fromS(Keys.HISTORY_PREFIX)))
                .scanIndexForward(false)
                .consistentRead(true)
                .limit(Math.min(max, 1000))
                .build();
        return call("read token history", () -> dynamo.queryPaginator(query).items().stream()
                .filter(item -> !ItemMapper.expired(item, now))
                .limit(max)
                .map(ItemMapper::historyEvent)
                .toList());
    }

    @Override
    public void apply(RegistryChange change) {
        ChangeWrites writes = writesFor(change);
        if (writes.items().size() == 1) {
            applySingle(writes.items().get(0));
            return;
        }
        String requestToken = UUID.randomUUID().toString();
        try {
            call("apply a registry change", () -> dynamo.transactWriteItems(transaction -> transaction
                    .transactItems(writes.items())
                    .clientRequestToken(requestToken)));
        } catch (StoreFailureException failure) {
            if (failure.getCause() instanceof TransactionCanceledException canceled) {
                if (isConcurrent(canceled)) {
                    throw writes.refusal(canceled);
                }
                if (hasReason(canceled, "ThrottlingError")) {
                    throw new StoreThrottledException(canceled);
                }
            }
            throw failure;
        }
    }

    /** One conditional write instead of a transaction: a change of one device item (never a profile). */
    private void applySingle(TransactWriteItem write) {
        try {
            call("apply a registry change", () -> {
                if (write.put() != null) {
                    Put put = write.put();
                    return dynamo.putItem(request -> request.tableName(tableName).item(put.item())
                            .conditionExpression(put.conditionExpression())
                            .expressionAttributeNames(put.hasExpressionAttributeNames() ? put.expressionAttributeNames() : null)
                            .expressionAttributeValues(put.expressionAttributeValues()));
                }
                Delete delete = write.delete();
                return dynamo.deleteItem(request -> request.tableName(tableName).key(delete.key())
                        .conditionExpression(delete.conditionExpression())
                        .expressionAttributeNames(delete.hasExpressionAttributeNames()
                                ? delete.expressionAttributeNames() : null)
                        .expressionAttributeValues(delete.expressionAttributeValues()));
            });
        } catch (StoreFailureException failure) {
            if (failure.getCause() instanceof ConditionalCheckFailedException conditionFailed) {
                throw new ConcurrentChangeException("a device changed since it was read", conditionFailed);
            }
            throw failure;
        }
    }

    /**
     * The writes that make up a change, for a transaction that may also do other work (appended
     * after them), and which of them are profile writes, so that a refusal can say why.
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
        ConcurrentChangeException refusal(TransactionCanceledException canceled) {
            List<CancellationReason> reasons = canceled.cancellationReasons();
            long newestHistoryOrder = 0;
            boolean beingForgotten = false;
            for (int index : profileWrites.keySet()) {
                CancellationReason reason = index < reasons.size() ? reasons.get(index) : null;
                if (reason != null && "ConditionalCheckFailed".equals(reason.code()) && reason.hasItem()) {
                    newestHistoryOrder = Math.max(newestHistoryOrder, ItemMapper.historyOrder(reason.item()));
                    beingForgotten |= ItemMapper.beingForgotten(reason.item(), at);
                }
            }
            String what = beingForgotten ? "a person it writes for is being forgotten"
                    : newestHistoryOrder > 0 ? "a person's history moved past it" : "a device changed since it was read";
            return new ConcurrentChangeException(what, canceled, newestHistoryOrder, beingForgotten);
        }
    }

    /** The conditional writes that make up {@code change}. */
    ChangeWrites writesFor(RegistryChange change) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<Integer, String> profileWrites = new HashMap<>();
        Instant at = change.at();
        for (RegistryChange.DeviceTransition transition : change.transitions()) {
            addDeviceWrites(transition, at, writes);
        }
        for (String personId : change.historyPeople()) {
            profileWrites.put(writes.size(), personId);
            writes.add(TransactWriteItem.builder().update(historyProfile(personId, change)).build());
        }
        long historyExpiry = at.plus(historyRetention).getEpochSecond();
        int sequence = 0;
        for (RegistryChange.PersonEvent entry : change.events()) {
            Map<String, AttributeValue> item =
                    ItemMapper.historyItem(entry.personId(), entry.event(), change.version(), sequence++, historyExpiry);
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(" + Keys.PK + ")").build()).build());
        }
        return new ChangeWrites(List.copyOf(writes), Map.copyOf(profileWrites), at);
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
                    .item(ItemMapper.tokenItem(after, expiry(after)))
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values).build()).build());
        } else {
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tableName)
                    .key(Keys.token(before.token()))
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values).build()).build());
        }
        Optional<String> previousOwner = before == null ? Optional.empty() : before.personId();
        Optional<String> nextOwner = after == null ? Optional.empty() : after.personId();
        if (previousOwner.isPresent() && !previousOwner.equals(nextOwner)) {
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tableName)
                    .key(Keys.personDevice(previousOwner.get(), before.token())).build()).build());
        }
        if (nextOwner.isPresent()) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(tableName)
                    .item(ItemMapper.personDeviceItem(after, expiry(after))).build()).build());
        }
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
                .updateExpression("SET #entity = :entity, #person = :person,"
                        + " #unsubscribed = if_not_exists(#unsubscribed, :false),"
                        + " #created = if_not_exists(#created, :at), #updated = if_not_exists(#updated, :at),"
                        + " #order = :order REMOVE #forgetId, #forgetUntil")
                .conditionExpression(NOT_BEING_FORGOTTEN + " AND (attribute_not_exists(#order) OR #order < :order)")
                .expressionAttributeNames(Map.of(
                        "#entity", ItemMapper.ENTITY,
                        "#person", ItemMapper.PERSON_ID,
                        "#unsubscribed", ItemMapper.UNSUBSCRIBED,
                        "#created", ItemMapper.CREATED_AT,
                        "#updated", ItemMapper.UPDATED_AT,
                        "#order", ItemMapper.HISTORY_ORDER,
                        "#forgetId", ItemMapper.FORGET_ID,
                        "#forgetUntil", ItemMapper.FORGET_UNTIL))
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

    /** Like every write that can create a profile, waits for a forget of the person under way. */
    @Override
    public PersonProfile saveUnsubscribed(String personId, boolean unsubscribed, Instant now) {
        try {
            Map<String, AttributeValue> item = call("save a profile", () -> dynamo.updateItem(update -> update
                    .tableName(tableName)
                    .key(Keys.profile(personId))
                    .updateExpression("SET #entity = :entity, #person = :person, #unsubscribed = :unsubscribed,"
                            + " #created = if_not_exists(#created, :now), #updated = :now REMOVE #forgetId, #forgetUntil")
                    .conditionExpression(NOT_BEING_FORGOTTEN)
                    .expressionAttributeNames(Map.of(
                            "#entity", ItemMapper.ENTITY,
                            "#person", ItemMapper.PERSON_ID,
                            "#unsubscribed", ItemMapper.UNSUBSCRIBED,
                            "#created", ItemMapper.CREATED_AT,
                            "#updated", ItemMapper.UPDATED_AT,
                            "#forgetId", ItemMapper.FORGET_ID,
                            "#forgetUntil", ItemMapper.FORGET_UNTIL))
                    .expressionAttributeValues(Map.of(
                            ":entity", AttributeValue.fromS(ItemMapper.ENTITY_PROFILE),
                            ":person", AttributeValue.fromS(personId),
                            ":unsubscribed", AttributeValue.fromBool(unsubscribed),
                            ":now", AttributeValue.fromS(Timestamps.format(now)),
                            ":nowSeconds", ItemMapper.number(now.getEpochSecond())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes());
            return ItemMapper.profile(item);
        } catch (StoreFailureException failure) {
            if (failure.getCause() instanceof ConditionalCheckFailedException beingForgotten) {
                throw new ConcurrentChangeException("the person is being forgotten", beingForgotten, 0, true);
            }
            throw failure;
        }
    }

    /**
     * Forgets the person so that no write racing the forget outlives it:
     * <ol>
     *   <li>the profile is marked as being forgotten (a lease, {@link #FORGET_LEASE}, in case this
     *       forget is cut off): from then on every change that writes history for the person, and
     *       every identify that would make them an owner, is refused and waits;</li>
     *   <li>the person's partition is swept until it holds nothing but the profile: each device
     *       goes together with its token while the token is still theirs, everything else in
     *       batches. Writes that need no profile (a register of a token they own, a sender's status
     *       change) are conditioned on tokens the sweep deletes, so a sweep that finds only the
     *       profile finds the end;</li>
     *   <li>the profile goes, if this forget still holds the mark.</li>
     * </ol>
     * A write that applied before the mark is removed; one that waited applies after the profile is
     * gone, to a person who starts afresh.
     *
     * @throws ConcurrentChangeException when the sweeps keep finding new items (they cannot, unless
     *     a writer ignores the mark)
     */
    @Override
    public void forgetPerson(String personId, Instant now) {
        String forgetId = UUID.randomUUID().toString();
        call("mark a person as being forgotten", () -> dynamo.updateItem(update -> update
                .tableName(tableName)
                .key(Keys.profile(personId))
                .updateExpression("SET #entity = :entity, #person = :person, #forgetId = :id, #forgetUntil = :until")
                .expressionAttributeNames(Map.of("#entity", ItemMapper.ENTITY, "#person", ItemMapper.PERSON_ID,
                        "#forgetId", ItemMapper.FORGET_ID, "#forgetUntil", ItemMapper.FORGET_UNTIL))
                .expressionAttributeValues(Map.of(
                        ":entity", AttributeValue.fromS(ItemMapper.ENTITY_PROFILE),
                        ":person", AttributeValue.fromS(personId),
                        ":id", AttributeValue.fromS(forgetId),
                        ":until", ItemMapper.number(now.plus(FORGET_LEASE).getEpochSecond())))));
        QueryRequest everything = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", Keys.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.person(personId))))
                .consistentRead(true)
                .build();
        for (int sweep = 1; ; sweep++) {
            List<Map<String, AttributeValue>> items =
                    call("read a person's items", () -> dynamo.queryPaginator(everything).items().stream().toList());
            List<Map<String, AttributeValue>> rest = new ArrayList<>();
            for (Map<String, AttributeValue> item : items) {
                if (Keys.isPersonDevice(item)) {
                    forgetDevice(personId, item);
                } else if (!Keys.isProfile(item)) {
                    rest.add(Map.of(Keys.PK, item.get(Keys.PK), Keys.SK, item.get(Keys.SK)));
                }
            }
            deleteAll(rest);
            if (items.stream().allMatch(Keys::isProfile)) {
                break;
            }
            if (sweep == FORGET_SWEEPS) {
                throw new ConcurrentChangeException("the person's items kept changing while they were forgotten", null);
            }
        }
        try {
            call("remove a forgotten person's profile", () -> dynamo.deleteItem(delete -> delete
                    .tableName(tableName)
                    .key(Keys.profile(personId))
                    .conditionExpression("#forgetId = :id")
                    .expressionAttributeNames(Map.of("#forgetId", ItemMapper.FORGET_ID))
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(forgetId)))));
        } catch (StoreFailureException failure) {
            if (!(failure.getCause() instanceof ConditionalCheckFailedException)) {
                throw failure;
            }
            // a forget that started later holds the mark now and removes the profile when it is done
        }
    }

    /**
     * Deletes the token and the person's copy together while the token is still the person's; a
     * token that moved meanwhile stays with its new owner, and only the stale copy goes. A
     * transaction that met a concurrent one leaves both for the next sweep.
     */
    private void forgetDevice(String personId, Map<String, AttributeValue> deviceItem) {
        String token = deviceItem.get(ItemMapper.TOKEN).s();
        Map<String, AttributeValue> copyKey = Keys.personDevice(personId, token);
        try {
            call("forget a device", () -> dynamo.transactWriteItems(transaction -> transaction.transactItems(
                    TransactWriteItem.builder().delete(Delete.builder().tableName(tableName)
                            .key(Keys.token(token))
                            .conditionExpression("#person = :person")
                            .expressionAttributeNames(Map.of("#person", ItemMapper.PERSON_ID))
                            .expressionAttributeValues(Map.of(":person", AttributeValue.fromS(personId)))
                            .build()).build(),
                    TransactWriteItem.builder().delete(Delete.builder().tableName(tableName)
                            .key(copyKey).build()).build())));
        } catch (StoreFailureException failure) {
            if (!(failure.getCause() instanceof TransactionCanceledException canceled && isConcurrent(canceled))) {
                throw failure;
            }
            if ("ConditionalCheckFailed".equals(canceled.cancellationReasons().get(0).code())) {
                call("forget a device copy", () -> dynamo.deleteItem(delete -> delete.tableName(tableName).key(copyKey)));
            }
        }
    }

    private void deleteAll(List<Map<String, AttributeValue>> keys) {
        for (int start = 0; start < keys.size(); start += BATCH_WRITE_LIMIT) {
            List<WriteRequest> pending = keys.subList(start, Math.min(keys.size(), start + BATCH_WRITE_LIMIT))
                    .stream()
                    .map(key -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build())
                    .toList();
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > BATCH_ATTEMPTS) {
                    throw new StoreThrottledException(null);
                }
                List<WriteRequest> batch = pending;
                BatchWriteItemResponse response = call("delete a person's items",
                        () -> dynamo.batchWriteItem(write -> write.requestItems(Map.of(tableName, batch))));
                pending = response.unprocessedItems().getOrDefault(tableName, List.of());
                if (!pending.isEmpty()) {
                    pause(attempt);
                }
            }
        }
    }

    static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(1_000L, 20L << attempt));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StoreFailureException("interrupted while backing off", interrupted);
        }
    }

    private long expiry(Device device) {
        return device.lastUsed().plus(deviceLifetime).getEpochSecond();
    }

    static boolean isConcurrent(TransactionCanceledException canceled) {
        return hasReason(canceled, "ConditionalCheckFailed") || hasReason(canceled, "TransactionConflict");
    }

    static boolean hasReason(TransactionCanceledException canceled, String code) {
        return canceled.cancellationReasons().stream().map(CancellationReason::code).anyMatch(code::equals);
    }

    /** Runs one SDK call and translates its failures into the store's own exceptions. */
    static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException failure) {
            if (isThrottling(failure)) {
                throw new StoreThrottledException(failure);
            }
            throw new StoreFailureException("could not " + what, failure);
        }
    }

    private static boolean isThrottling(SdkException failure) {
        return failure instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                && service.isThrottlingException();
    }
}
