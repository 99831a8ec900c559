package dev.pushregistry.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A write built for a transaction and sent on its own keeps everything it was built with: its
 * condition with {@code #name} placeholders (here {@code status}, a word DynamoDB reserves, which
 * only a placeholder can name), its values, and the item as it was when the condition fails.
 */
class TableGatewayTest {
    private static final Map<String, String> STATUS = Map.of("#status", "status");

    private final TestRegistry registry = TestRegistry.create();
    private final TableGateway table = new TableGateway(registry.client(), registry.table());
    private final Map<String, AttributeValue> key = Map.of(
            Keys.PK, AttributeValue.fromS("TEST#" + UUID.randomUUID()), Keys.SK, AttributeValue.fromS("TEST"));

    private Map<String, AttributeValue> item(String status) {
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("status", AttributeValue.fromS(status));
        return item;
    }

    private static Map<String, AttributeValue> is(String status) {
        return Map.of(":status", AttributeValue.fromS(status));
    }

    /** Puts the item unless it has a status. */
    private TableGateway.WriteResult putNew(String status) {
        return table.write(TransactWriteItem.builder().put(Put.builder().tableName(registry.table())
                .item(item(status)).conditionExpression("attribute_not_exists(#status)").expressionAttributeNames(STATUS)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build());
    }

    private String statusNow() {
        return table.get(key).map(found -> found.get("status").s()).orElse(null);
    }

    @Test
    void aPutWithANamedConditionAppliesOnceAndIsThenRefusedWithTheItemAsItWas() {
        assertInstanceOf(TableGateway.Applied.class, putNew("sent"));

        TableGateway.WriteResult again = putNew("bounced");

        TableGateway.Refused refused = assertInstanceOf(TableGateway.Refused.class, again);
        assertTrue(refused.conditionFailed(0));
        assertEquals("sent", refused.reasons().get(0).itemAsItWas().orElseThrow().get("status").s());
        assertEquals("sent", statusNow());
    }

    @Test
    void anUpdateWithANamedConditionAppliesOnlyWhileTheConditionHolds() {
        putNew("sent");
        Update.Builder toBounced = Update.builder().tableName(registry.table()).key(key)
                .updateExpression("SET #status = :bounced").conditionExpression("#status = :status")
                .expressionAttributeNames(STATUS)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);

        TableGateway.WriteResult wrongStatus = table.write(TransactWriteItem.builder().update(toBounced
                .expressionAttributeValues(Map.of(":status", AttributeValue.fromS("unused"),
                        ":bounced", AttributeValue.fromS("bounced"))).build()).build());
        TableGateway.WriteResult rightStatus = table.write(TransactWriteItem.builder().update(toBounced
                .expressionAttributeValues(Map.of(":status", AttributeValue.fromS("sent"),
                        ":bounced", AttributeValue.fromS("bounced"))).build()).build());

        assertEquals("sent", assertInstanceOf(TableGateway.Refused.class, wrongStatus).reasons().get(0)
                .itemAsItWas().orElseThrow().get("status").s());
        assertInstanceOf(TableGateway.Applied.class, rightStatus);
        assertEquals("bounced", statusNow());
    }

    @Test
    void aDeleteWithANamedConditionLeavesAnItemThatNoLongerMatches() {
        putNew("sent");
        Delete.Builder delete = Delete.builder().tableName(registry.table()).key(key)
                .conditionExpression("#status = :status").expressionAttributeNames(STATUS);

        TableGateway.WriteResult kept = table.write(TransactWriteItem.builder()
                .delete(delete.expressionAttributeValues(is("bounced")).build()).build());
        assertInstanceOf(TableGateway.Refused.class, kept);
        assertEquals("sent", statusNow());

        TableGateway.WriteResult deleted = table.write(TransactWriteItem.builder()
                .delete(delete.expressionAttributeValues(is("sent")).build()).build());
        assertInstanceOf(TableGateway.Applied.class, deleted);
        assertEquals(List.of(), table.get(key).stream().toList());
    }
}
