package dev.pushregistry.store;

import dev.pushregistry.registry.RegistryChange;
import dev.pushregistry.sending.Delivery;
import dev.pushregistry.sending.DeliveryOutcome;
import dev.pushregistry.sending.DispatchSkip;
import dev.pushregistry.sending.SendStore;
import dev.pushregistry.sending.SendSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Send requests and deliveries in the registry table (layout in {@link Keys}, requests in
 * {@link TableRequests}), next to the devices they change, so that a delivery's outcome and its
 * device change are written in one transaction. Records expire after the retention period.
 */
public final class DynamoDbSendStore implements SendStore {
    private final TableGateway table;
    private final TableRequests requests;
    private final Duration retention;

    /**
     * @param registry the store of the devices in the same table, whose changes go into the same
     *     transactions
     * @param retention how long request and delivery records are kept
     */
    public DynamoDbSendStore(DynamoDbClient dynamo, String tableName, DynamoDbRegistryStore registry,
                             Duration retention) {
        this.table = new TableGateway(dynamo, tableName);
        this.requests = Objects.requireNonNull(registry, "registry").requests();
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    @Override
    public void recordAccepted(String requestId, Instant now) {
        table.write(requests.recordAccepted(requestId, now, expiry(now)));
    }

    @Override
    public boolean isDispatched(String requestId) {
        return table.get(Keys.sendRequest(requestId)).map(ItemMapper::dispatched).orElse(false);
    }

    @Override
    public List<Delivery> planDeliveries(List<Delivery> deliveries, Instant now) {
        List<Delivery> toPush = new ArrayList<>();
        long expiresAt = expiry(now);
        for (Delivery delivery : deliveries) {
            TableGateway.WriteResult result = table.write(requests.planDelivery(delivery, now, expiresAt));
            Optional<DeliveryOutcome> existing = result instanceof TableGateway.Refused refused
                    ? refused.reasons().get(0).itemAsItWas().flatMap(ItemMapper::outcome)
                    : Optional.empty();
            if (existing.isEmpty() || existing.get() == DeliveryOutcome.FAILED) {
                toPush.add(delivery);
            }
        }
        return toPush;
    }

    @Override
    public void markDispatched(String requestId, Map<DispatchSkip, Integer> skips, Instant now) {
        table.write(requests.markDispatched(requestId, skips, now, expiry(now)));
    }

    @Override
    public Claim claim(Delivery delivery, String claimId, Instant now) {
        if (!(table.write(requests.claim(delivery, claimId)) instanceof TableGateway.Refused refused)) {
            return Claim.CLAIMED;
        }
        Optional<Map<String, AttributeValue>> existing = refused.reasons().get(0).itemAsItWas();
        if (existing.isEmpty() || ItemMapper.outcome(existing.get()).isPresent()) {
            return Claim.ALREADY_DECIDED;
        }
        return Claim.HELD_ELSEWHERE;
    }

    @Override
    public boolean recordOutcome(Delivery delivery, String claimId, DeliveryOutcome outcome, String reason,
                                 RegistryChange deviceChange, Instant now) {
        TransactWriteItem decide = requests.decide(delivery, claimId, outcome, reason, now);
        if (deviceChange == null) {
            return table.write(decide) instanceof TableGateway.Applied;
        }
        TableRequests.ChangeWrites deviceWrites = requests.writesFor(deviceChange);
        List<TransactWriteItem> writes = new ArrayList<>(deviceWrites.items());
        writes.add(decide);
        if (!(table.transact(writes) instanceof TableGateway.Refused refused)) {
            return true;
        }
        if (refused.conditionFailed(writes.size() - 1)) {
            return false;
        }
        throw deviceWrites.refusal(refused);
    }

    @Override
    public Optional<SendSummary> findSummary(String requestId) {
        Map<String, AttributeValue> request = null;
        List<Optional<DeliveryOutcome>> outcomes = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.query(requests.sendItems(requestId))) {
            if (Keys.isDelivery(item)) {
                outcomes.add(ItemMapper.outcome(item));
            } else {
                request = item;
            }
        }
        if (request == null && outcomes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(SendSummary.of(requestId, request != null && ItemMapper.dispatched(request),
                request == null ? Map.of() : ItemMapper.skips(request), outcomes));
    }

    private long expiry(Instant now) {
        return now.plus(retention).getEpochSecond();
    }
}
