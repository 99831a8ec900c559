package dev.pushregistry.store.dynamodb;

import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.lifecycle.RelayStore;
import dev.pushregistry.core.sending.SendStore;
import dev.pushregistry.core.sending.SendSummary;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** What the events relay reads and claims in the registry table. */
public final class DynamoDbRelayStore implements RelayStore {
    private final TableGateway table;
    private final TableOperations requests;
    private final SendStore sends;

    DynamoDbRelayStore(TableGateway table, TableOperations requests, SendStore sends) {
        this.table = Objects.requireNonNull(table, "table");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.sends = Objects.requireNonNull(sends, "sends");
    }

    @Override
    public Optional<DeletionNote> deletion(DeviceAddress device, long registrationVersion) {
        return table.query(requests.sends().deletionNote(device, registrationVersion), 1).stream().findFirst()
                .map(DeviceItems::deletionNote);
    }

    @Override
    public Optional<SendSummary> summary(String requestId) {
        return sends.findSummary(requestId);
    }

    /** A refused claim is another record's: that record announces the request. */
    @Override
    public boolean claim(String requestId, String recordId) {
        return table.write(TransactWriteItem.builder().update(requests.sends().claimCompletion(requestId, recordId)).build())
                instanceof TableGateway.Applied;
    }
}
