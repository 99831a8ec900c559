package dev.pushregistry.store.dynamodb;

import dev.pushregistry.core.sending.DeliveryOutcome;
import dev.pushregistry.core.sending.DispatchSkip;
import dev.pushregistry.core.sending.GroupRecord;
import dev.pushregistry.core.sending.SendStore;
import dev.pushregistry.core.sending.SendSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Send requests and their delivery groups in the registry table (layout in {@link Keys}, requests in
 * {@link TableOperations}): one item per group of up to {@link dev.pushregistry.core.sending.DeliveryGroup#MAX_SIZE}
 * deliveries, planned, claimed and recorded in one write each. Records expire after the retention
 * period.
 */
public final class DynamoDbSendStore implements SendStore {
    private final TableGateway table;
    private final TableOperations requests;
    private final Duration retention;

    /**
     * @param registry the store of the devices in the same table, whose table settings it shares
     * @param retention how long request and delivery group records are kept
     */
    public DynamoDbSendStore(DynamoDbClient dynamo, String tableName, DynamoDbRegistryStore registry,
                             Duration retention) {
        this.table = new TableGateway(dynamo, tableName);
        this.requests = Objects.requireNonNull(registry, "registry").requests();
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    private GroupRecord group(Map<String, AttributeValue> item) {
        return SendItems.group(item, requests.defaultAppId());
    }

    @Override
    public void recordAccepted(String requestId, Instant now) {
        table.write(requests.sends().recordAccepted(requestId, now, expiry(now)));
    }

    @Override
    public boolean isDispatched(String requestId) {
        return table.get(Keys.sendRequest(requestId)).map(SendItems::dispatched).orElse(false);
    }

    @Override
    public List<GroupRecord> findGroups(String requestId) {
        return table.query(requests.sends().groupsOf(requestId)).stream().map(this::group).toList();
    }

    @Override
    public Optional<GroupRecord> findGroup(String requestId, int number) {
        return table.get(Keys.group(requestId, number)).map(this::group);
    }

    @Override
    public Optional<GroupRecord> planGroup(GroupRecord group, Instant now) {
        if (table.write(requests.sends().planGroup(group, expiry(now))) instanceof TableGateway.Refused refused) {
            return Optional.of(refused.reasons().get(0).itemAsItWas().map(this::group)
                    .orElseThrow(() -> new IllegalStateException("a refused plan answers the group that holds its number")));
        }
        return Optional.empty();
    }

    @Override
    public void markDispatched(String requestId, Map<DispatchSkip, Integer> skips, Instant now) {
        table.write(requests.sends().markDispatched(requestId, skips, now, expiry(now)));
    }

    @Override
    public GroupClaim claim(String requestId, int number, String claimId, Instant now) {
        TableGateway.WriteResult result = table.updateReturningOld(requests.sends().claimGroup(requestId, number, claimId));
        if (result instanceof TableGateway.Applied applied) {
            return new GroupClaim(Claim.CLAIMED, group(applied.item()));
        }
        Optional<Map<String, AttributeValue>> existing = ((TableGateway.Refused) result).reasons().get(0).itemAsItWas();
        return existing.map(item -> new GroupClaim(Claim.HELD_ELSEWHERE, group(item)))
                .orElseGet(() -> new GroupClaim(Claim.UNKNOWN, null));
    }

    @Override
    public Optional<GroupRecord> recordOutcomes(GroupRecord asRead, String claimId,
                                                List<Optional<DeliveryOutcome>> outcomes, Optional<String> reason,
                                                Instant now) {
        if (table.write(requests.sends().recordGroup(asRead, claimId, outcomes, reason, now))
                instanceof TableGateway.Refused refused) {
            return refused.reasons().get(0).itemAsItWas().map(this::group);
        }
        return Optional.empty();
    }

    @Override
    public Optional<SendSummary> findSummary(String requestId) {
        Map<String, AttributeValue> request = null;
        List<Optional<DeliveryOutcome>> outcomes = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.query(requests.sends().sendItems(requestId))) {
            if (Keys.isGroup(item)) {
                outcomes.addAll(SendItems.outcomes(item));
            } else {
                request = item;
            }
        }
        if (request == null && outcomes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(SendSummary.of(requestId, request != null && SendItems.dispatched(request),
                request == null ? Map.of() : SendItems.skips(request), outcomes));
    }

    private long expiry(Instant now) {
        return now.plus(retention).getEpochSecond();
    }
}
