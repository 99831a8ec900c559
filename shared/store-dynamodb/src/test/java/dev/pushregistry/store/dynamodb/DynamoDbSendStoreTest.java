package dev.pushregistry.store.dynamodb;

import dev.pushregistry.core.fixtures.SendStoreContract;
import dev.pushregistry.core.sending.SendStore;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import java.time.Duration;

/** The table's send store keeps the store contract, on DynamoDB Local: conditions and all. */
class DynamoDbSendStoreTest extends SendStoreContract {
    @Override
    protected SendStore emptyStore() {
        TestRegistry registry = TestRegistry.create();
        return new DynamoDbSendStore(registry.client(), registry.table(), registry.store(), Duration.ofDays(1));
    }

    @Override
    protected String appId() {
        return TestRegistry.APP;
    }
}
