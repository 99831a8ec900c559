package dev.pushregistry.local.services.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.local.services.cloudformation.Stack;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM side of a deployed SAM template: each function's role with every policy it ends up
 * with, and the resource-based policies of its queues and event bus.
 *
 * <p>A function's role holds what its {@code Policies} say (inline statements, or AWS managed
 * policies by name or ARN) and what SAM attaches to the role it creates: AWS's
 * {@code AWSLambdaBasicExecutionRole}; {@code AWSXrayWriteOnlyAccess} when the function (or the
 * globals) sets {@code Tracing}; for an SQS event source {@code AWSLambdaSQSQueueExecutionRole}, for a
 * DynamoDB stream {@code AWSLambdaDynamoDBExecutionRole} (with which Lambda's event source mapping
 * reads for the function); and for a stream's {@code DestinationConfig.OnFailure} queue,
 * {@code sqs:SendMessage} on it. Those managed policies' documents are AWS's, kept in
 * {@code aws-managed-policies.json}. A policy this class cannot read (a SAM policy template, a
 * managed policy it does not have) is refused rather than guessed.
 */
public final class StackIam {
    private static final Map<String, JsonNode> MANAGED = managedPolicies();

    private StackIam() {
    }

    /** Each deployed function's role, by the function's logical id. */
    public static Map<String, Role> functionRoles(Stack stack) {
        Map<String, Role> roles = new LinkedHashMap<>();
        JsonNode globals = stack.template().path("Globals").path("Function");
        stack.resources().forEach((logicalId, resource) -> {
            if (resource.path("Type").asText().equals("AWS::Serverless::Function") && stack.deploys(logicalId)) {
                roles.put(logicalId, functionRole(stack, logicalId, resource.path("Properties"), globals));
            }
        });
        return roles;
    }

    /**
     * The resource-based policy of each deployed queue and event bus that has one, by the resource's
     * ARN: an {@code AWS::SQS::QueuePolicy} for each queue it names (a later one for the same queue
     * replaces an earlier one, as in SQS), an event bus's {@code Policy}.
     */
    public static Map<String, Policy> resourcePolicies(Stack stack) {
        Map<String, Policy> policies = new LinkedHashMap<>();
        stack.resources().forEach((logicalId, resource) -> {
            if (!stack.deploys(logicalId)) {
                return;
            }
            JsonNode properties = resource.path("Properties");
            String type = resource.path("Type").asText();
            if (type.equals("AWS::SQS::QueuePolicy")) {
                Policy policy = Policy.of(logicalId, stack.resolve(properties.path("PolicyDocument")));
                for (JsonNode queue : properties.path("Queues")) {
                    if (!queue.has("Ref")) {
                        throw new IllegalStateException(logicalId + ": a queue policy names its queues with !Ref here");
                    }
                    policies.put(stack.attribute(queue.get("Ref").asText(), "Arn"), policy);
                }
            } else if (type.equals("AWS::Events::EventBus") && properties.has("Policy")) {
                policies.put(stack.attribute(logicalId, "Arn"), Policy.of(logicalId + "Policy",
                        stack.resolve(properties.path("Policy"))));
            }
        });
        return policies;
    }

    private static Role functionRole(Stack stack, String function, JsonNode properties, JsonNode globals) {
        if (properties.has("Role")) {
            throw new IllegalStateException(function + " names its own Role; only roles SAM creates are read here");
        }
        List<Policy> policies = new ArrayList<>();
        policies.add(managed("AWSLambdaBasicExecutionRole"));
        if (properties.has("Tracing") || globals.has("Tracing")) {
            policies.add(managed("AWSXrayWriteOnlyAccess"));
        }
        int index = 0;
        for (JsonNode declared : properties.path("Policies")) {
            JsonNode policy = stack.resolve(declared);
            if (policy.isTextual()) {
                String text = policy.asText();
                policies.add(managed(text.substring(text.lastIndexOf('/') + 1)));
            } else if (policy.has("Statement")) {
                policies.add(Policy.of(function + "RolePolicy" + index, policy));
            } else {
                throw new IllegalStateException(function + ": policy " + policy.fieldNames().next()
                        + " (a SAM policy template?) is not read here");
            }
            index++;
        }
        properties.path("Events").fields().forEachRemaining(event -> {
            JsonNode eventProperties = event.getValue().path("Properties");
            switch (event.getValue().path("Type").asText()) {
                case "SQS" -> addOnce(policies, managed("AWSLambdaSQSQueueExecutionRole"));
                case "DynamoDB" -> addOnce(policies, managed("AWSLambdaDynamoDBExecutionRole"));
                case "Kinesis" -> addOnce(policies, managed("AWSLambdaKinesisExecutionRole"));
                default -> { }
            }
            JsonNode onFailure = eventProperties.path("DestinationConfig").path("OnFailure");
            if (onFailure.path("Type").asText().equals("SQS")) {
                ObjectNode statement = new ObjectMapper().createObjectNode();
                statement.put("Effect", "Allow").put("Action", "sqs:SendMessage")
                        .set("Resource", stack.resolve(onFailure.path("Destination")));
                policies.add(Policy.of(function + event.getKey() + "SQSPolicy", statement));
            }
        });
        return new Role(stack.attribute(function + "Role", "Arn"), stack.ref(function), policies);
    }

    private static void addOnce(List<Policy> policies, Policy policy) {
        if (policies.stream().noneMatch(attached -> attached.name().equals(policy.name()))) {
            policies.add(policy);
        }
    }

    private static Policy managed(String name) {
        JsonNode document = MANAGED.get(name);
        if (document == null) {
            throw new IllegalStateException("the AWS managed policy " + name + " is not known here");
        }
        return Policy.of(name, document);
    }

    private static Map<String, JsonNode> managedPolicies() {
        try (InputStream input = StackIam.class.getResourceAsStream("aws-managed-policies.json")) {
            Map<String, JsonNode> policies = new LinkedHashMap<>();
            new ObjectMapper().readTree(input).fields().forEachRemaining(entry -> policies.put(entry.getKey(), entry.getValue()));
            return Map.copyOf(policies);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
