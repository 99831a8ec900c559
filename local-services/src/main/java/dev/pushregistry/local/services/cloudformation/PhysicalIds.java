package dev.pushregistry.local.services.cloudformation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A resource's reference and attributes as CloudFormation gives them for its type: a table's name
 * and ARNs, a queue's URL and ARN, a bus's, a role's and a function's ARN, anything else
 * {@code <stack>-<LogicalId>}.
 */
final class PhysicalIds {
    private PhysicalIds() {
    }

    /**
     * @param given what the deployment names the resource, overriding what its type gives
     * @param named the resource's name from one of its properties (resolved), else {@code <stack>-<LogicalId>}
     */
    static Map<String, String> of(String type, String logicalId, Map<String, String> given, String partition,
                                  String region, String accountId, String name, Function<String, String> named) {
        Map<String, String> values = new LinkedHashMap<>();
        String arnPrefix = "arn:" + partition + ":";
        String regional = region + ":" + accountId + ":";
        switch (type) {
            case "AWS::DynamoDB::Table": {
                String table = given.getOrDefault("Ref", named.apply("TableName"));
                values.put("Ref", table);
                values.put("Arn", arnPrefix + "dynamodb:" + regional + "table/" + table);
                values.put("StreamArn", values.get("Arn") + "/stream/local");
                break;
            }
            case "AWS::SQS::Queue": {
                String queue = given.getOrDefault("QueueName", named.apply("QueueName"));
                values.put("QueueName", queue);
                values.put("Ref", "https://sqs." + region + ".amazonaws.com/" + accountId + "/" + queue);
                values.put("QueueUrl", values.get("Ref"));
                values.put("Arn", arnPrefix + "sqs:" + regional + queue);
                break;
            }
            case "AWS::Events::EventBus": {
                String bus = given.getOrDefault("Name", named.apply("Name"));
                values.put("Ref", bus);
                values.put("Name", bus);
                values.put("Arn", arnPrefix + "events:" + regional + "event-bus/" + bus);
                break;
            }
            case "AWS::IAM::Role": {
                String role = given.getOrDefault("Ref", named.apply("RoleName"));
                values.put("Ref", role);
                values.put("Arn", arnPrefix + "iam::" + accountId + ":role/" + role);
                break;
            }
            case "AWS::Serverless::Function":
            case "AWS::Lambda::Function": {
                String function = given.getOrDefault("Ref", named.apply("FunctionName"));
                values.put("Ref", function);
                values.put("Arn", arnPrefix + "lambda:" + regional + "function:" + function);
                break;
            }
            default:
                values.put("Ref", name + "-" + logicalId);
                break;
        }
        values.putAll(given);
        return values;
    }
}
