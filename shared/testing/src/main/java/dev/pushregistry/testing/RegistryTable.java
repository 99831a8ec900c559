package dev.pushregistry.testing;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Creates registry tables shaped like the one in {@code template.yaml} (checked by a system test). */
public final class RegistryTable {
    /** The TTL attribute, as the template declares it. */
    public static final String TTL_ATTRIBUTE = "expires_at";

    /** How every test table's name begins. */
    public static final String NAME_PREFIX = "registry-";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private RegistryTable() {
    }

    /** A new, empty table with a name no other test uses. */
    public static String create(DynamoDbClient client) {
        String name = NAME_PREFIX + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        client.createTable(create -> create
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("PK").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("SK").attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName("PK").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("SK").keyType(KeyType.RANGE).build()));
        client.updateTimeToLive(ttl -> ttl.tableName(name)
                .timeToLiveSpecification(spec -> spec.attributeName(TTL_ATTRIBUTE).enabled(true)));
        return name;
    }
}
