package dev.pushregistry.local.services.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What an AWS call over the JSON protocol needs allowed, read as AWS reads it: the operation from
 * its {@code X-Amz-Target} header, the resources from its body. DynamoDB's batch and transaction
 * calls need the action of each item's write on its table (a transaction's condition check
 * {@code dynamodb:ConditionCheckItem}); an SQS batch call needs the single call's action; EventBridge's
 * {@code PutEvents} needs {@code events:PutEvents} on each event bus it names; a stream's
 * {@code GetRecords} needs its action on the stream its iterator reads.
 */
final class CallAccess {
    private CallAccess() {
    }

    /**
     * @param target the {@code X-Amz-Target} header, such as {@code DynamoDB_20120810.PutItem}
     * @param region the region the call is signed for
     * @param streamOfIterator the stream ARN a shard iterator reads, or {@code null} when unknown
     * @param secretArn a secret's ARN from the name or ARN a call gives
     */
    static List<AccessRequest> of(String target, JsonNode body, String region, String accountId,
                                  UnaryOperator<String> streamOfIterator, UnaryOperator<String> secretArn) {
        int dot = target.indexOf('.');
        String prefix = target.substring(0, dot);
        String operation = target.substring(dot + 1);
        String regional = region + ":" + accountId + ":";
        List<AccessRequest> requests = new ArrayList<>();
        switch (prefix) {
            case "DynamoDB_20120810" -> {
                String table = "arn:aws:dynamodb:" + regional + "table/";
                switch (operation) {
                    case "BatchGetItem", "BatchWriteItem" -> body.path("RequestItems").fieldNames().forEachRemaining(name ->
                            requests.add(new AccessRequest("dynamodb:" + operation, table + name)));
                    case "TransactWriteItems", "TransactGetItems" -> {
                        for (JsonNode item : body.path("TransactItems")) {
                            String kind = item.fieldNames().next();
                            String action = switch (kind) {
                                case "ConditionCheck" -> "ConditionCheckItem";
                                default -> kind + "Item";
                            };
                            requests.add(new AccessRequest("dynamodb:" + action, table + item.get(kind).path("TableName").asText()));
                        }
                    }
                    case "ListTables" -> requests.add(new AccessRequest("dynamodb:ListTables", "*"));
                    default -> {
                        String resource = table + body.path("TableName").asText();
                        if (body.hasNonNull("IndexName")) {
                            resource += "/index/" + body.get("IndexName").asText();
                        }
                        requests.add(new AccessRequest("dynamodb:" + operation, resource));
                    }
                }
            }
            case "DynamoDBStreams_20120810" -> {
                String stream = switch (operation) {
                    case "GetRecords" -> streamOfIterator.apply(body.path("ShardIterator").asText());
                    case "ListStreams" -> "*";
                    default -> body.path("StreamArn").asText();
                };
                requests.add(new AccessRequest("dynamodb:" + operation, stream == null ? "*" : stream));
            }
            case "AmazonSQS" -> {
                String action = "sqs:" + (operation.endsWith("Batch")
                        ? operation.substring(0, operation.length() - "Batch".length()) : operation);
                String queue;
                if (body.hasNonNull("QueueUrl")) {
                    queue = queueArn(body.get("QueueUrl").asText(), region, accountId);
                } else if (body.hasNonNull("QueueName")) {
                    queue = "arn:aws:sqs:" + regional + body.get("QueueName").asText();
                } else {
                    queue = "*";
                }
                requests.add(new AccessRequest(action, queue));
            }
            case "AWSEvents" -> {
                if (operation.equals("PutEvents")) {
                    List<String> buses = new ArrayList<>();
                    for (JsonNode entry : body.path("Entries")) {
                        String bus = entry.path("EventBusName").asText("");
                        String arn = bus.startsWith("arn:") ? bus
                                : "arn:aws:events:" + regional + "event-bus/" + (bus.isEmpty() ? "default" : bus);
                        if (!buses.contains(arn)) {
                            buses.add(arn);
                            requests.add(new AccessRequest("events:PutEvents", arn));
                        }
                    }
                } else {
                    requests.add(new AccessRequest("events:" + operation, "*"));
                }
            }
            case "secretsmanager" -> requests.add(new AccessRequest("secretsmanager:" + operation,
                    body.hasNonNull("SecretId") ? secretArn.apply(body.get("SecretId").asText()) : "*"));
            default -> requests.add(new AccessRequest(prefix.toLowerCase() + ":" + operation, "*"));
        }
        return requests;
    }

    /** A queue's ARN from its URL ({@code https://host/<account>/<name>}). */
    static String queueArn(String queueUrl, String region, String accountId) {
        String[] segments = URI.create(queueUrl).getPath().split("/");
        String name = segments[segments.length - 1];
        String account = segments.length >= 2 && segments[segments.length - 2].matches("\\d{12}")
                ? segments[segments.length - 2] : accountId;
        return "arn:aws:sqs:" + region + ":" + account + ":" + name;
    }
}
