package dev.pushregistry.local.stack;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.local.stack.StackTemplate.QueueSpec;
import dev.pushregistry.local.stack.StackTemplate.TableSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The template's table and queues, created in DynamoDB Local and ElasticMQ as CloudFormation would create them. */
final class LocalResources {
    private LocalResources() {
    }

    /** A table created: its name, and its stream's ARN when it has a stream. */
    record Table(String name, String streamArn) {
    }

    /** A queue created: its URL and ARN. */
    record Queue(String url, String arn) {
    }

    /** The table the template declares, its name its logical id, with its stream and time to live. */
    static Table createTable(DynamoDbClient dynamo, TableSpec table) {
        String tableName = table.logicalId();
        dynamo.createTable(create -> create
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(table.partitionKey()).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(table.sortKey()).attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(table.partitionKey()).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(table.sortKey()).keyType(KeyType.RANGE).build())
                .streamSpecification(table.streamView() == null ? null : StreamSpecification.builder()
                        .streamEnabled(true).streamViewType(table.streamView()).build()));
        String streamArn = table.streamView() == null ? null
                : dynamo.describeTable(describe -> describe.tableName(tableName)).table().latestStreamArn();
        if (table.ttlAttribute() != null) {
            dynamo.updateTimeToLive(update -> update.tableName(tableName).timeToLiveSpecification(ttl -> ttl
                    .attributeName(table.ttlAttribute()).enabled(true)));
        }
        return new Table(tableName, streamArn);
    }

    /**
     * A queue the template declares, named by its logical id, with its redrive to a dead-letter queue
     * created before it.
     *
     * @param queueArns the ARNs of the queues created so far, by logical id
     */
    static Queue createQueue(SqsClient sqs, QueueSpec queue, Map<String, String> queueArns) {
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
        if (queue.deadLetterQueue() != null) {
            ObjectNode redrive = JsonNodeFactory.instance.objectNode()
                    .put("deadLetterTargetArn", queueArns.get(queue.deadLetterQueue()))
                    .put("maxReceiveCount", queue.maxReceiveCount());
            attributes.put(QueueAttributeName.REDRIVE_POLICY, redrive.toString());
        }
        String url = sqs.createQueue(create -> create.queueName(queue.logicalId()).attributes(attributes)).queueUrl();
        return new Queue(url, sqs.getQueueAttributes(get -> get.queueUrl(url)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN));
    }
}
