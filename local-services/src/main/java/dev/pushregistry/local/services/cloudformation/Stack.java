package dev.pushregistry.local.services.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A template deployed as one stack: its parameters' values, its conditions, and the physical name,
 * reference and attributes of each resource, so that any part of the template reads as
 * CloudFormation would resolve it ({@link #resolve}): {@code Ref}, {@code Fn::GetAtt},
 * {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::Split}, {@code Fn::Select}, {@code Fn::If},
 * {@code Fn::Base64}, the condition functions and {@code AWS::NoValue}.
 *
 * <p>A resource is named as CloudFormation names one the template leaves unnamed
 * ({@code <stack>-<LogicalId>}), unless the deployment names it ({@link Builder#resource}); its
 * reference and attributes follow from that name by its type (a queue's URL and ARN, a table's ARN,
 * an event bus's ARN, a role's ARN). SAM's own resources are known too: a function's
 * {@code <Function>Role}. A deployment is refused as CloudFormation refuses it: a parameter without
 * a value, a value its declaration does not allow, an assertion of the template's {@code Rules}
 * that fails ({@link Builder#build}).
 */
public final class Stack {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode template;
    private final String name;
    private final String region;
    private final String accountId;
    private final Map<String, String> parameterValues;
    private final Map<String, Map<String, String>> physical;
    private final Map<String, Boolean> conditions = new HashMap<>();

    private Stack(Builder builder) {
        this.template = builder.template;
        this.name = builder.name;
        this.region = builder.region;
        this.accountId = builder.accountId;
        this.parameterValues = Map.copyOf(builder.parameters);
        this.physical = Map.copyOf(builder.resources);
    }

    /** A deployment of {@code template} (as {@link CloudFormationYaml} reads it). */
    public static Builder of(JsonNode template) {
        return new Builder(template);
    }

    public JsonNode template() {
        return template;
    }

    public String name() {
        return name;
    }

    public String region() {
        return region;
    }

    /** The partition every ARN of the stack is in. */
    public String partition() {
        return region.startsWith("cn-") ? "aws-cn" : "aws";
    }

    /** The template's resources, by logical id. */
    public Map<String, JsonNode> resources() {
        Map<String, JsonNode> resources = new LinkedHashMap<>();
        template.path("Resources").fields().forEachRemaining(entry -> resources.put(entry.getKey(), entry.getValue()));
        return resources;
    }

    /** Whether the resource exists in this deployment (it has no condition, or its condition holds). */
    public boolean deploys(String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            return false;
        }
        JsonNode condition = resource.get("Condition");
        return condition == null || condition(condition.asText());
    }

    /** A parameter's value: the deployment's, else its default. */
    public String parameter(String parameter) {
        String value = parameterValues.get(parameter);
        if (value != null) {
            return value;
        }
        JsonNode declared = template.path("Parameters").path(parameter);
        if (declared.isMissingNode()) {
            throw new IllegalArgumentException("the template declares no parameter " + parameter);
        }
        JsonNode fallback = declared.get("Default");
        if (fallback == null) {
            throw new IllegalStateException("parameter " + parameter + " has no default and no value");
        }
        return fallback.isArray() ? join(",", fallback) : fallback.asText();
    }

    /** Whether the template's condition holds. */
    public boolean condition(String condition) {
        Boolean known = conditions.get(condition);
        if (known != null) {
            return known;
        }
        JsonNode declared = template.path("Conditions").path(condition);
        if (declared.isMissingNode()) {
            throw new IllegalArgumentException("the template declares no condition " + condition);
        }
        boolean holds = Conditions.evaluate(this, declared);
        conditions.put(condition, holds);
        return holds;
    }


    /** A resource's {@code Ref}. */
    public String ref(String logicalId) {
        return physical(logicalId).get("Ref");
    }

    /** A resource's attribute, as {@code Fn::GetAtt} gives it. */
    public String attribute(String logicalId, String attribute) {
        String value = physical(logicalId).get(attribute);
        if (value == null) {
            throw new IllegalStateException(logicalId + " has no attribute " + attribute + " here");
        }
        return value;
    }

    /**
     * {@code node} as CloudFormation resolves it: intrinsic functions evaluated, what
     * {@code AWS::NoValue} removes removed ({@link MissingNode} for the node itself).
     */
    public JsonNode resolve(JsonNode node) {
        if (node.isObject()) {
            if (node.size() == 1) {
                String function = node.fieldNames().next();
                if (function.equals("Ref") || function.startsWith("Fn::")) {
                    return intrinsic(function, node.get(function));
                }
            }
            ObjectNode resolved = NODES.objectNode();
            node.fields().forEachRemaining(field -> {
                JsonNode value = resolve(field.getValue());
                if (!value.isMissingNode()) {
                    resolved.set(field.getKey(), value);
                }
            });
            return resolved;
        }
        if (node.isArray()) {
            ArrayNode resolved = NODES.arrayNode();
            for (JsonNode item : node) {
                JsonNode value = resolve(item);
                if (!value.isMissingNode()) {
                    resolved.add(value);
                }
            }
            return resolved;
        }
        return node;
    }

    private JsonNode intrinsic(String function, JsonNode argument) {
        switch (function) {
            case "Ref":
                return reference(argument.asText());
            case "Fn::GetAtt": {
                String logicalId;
                String attribute;
                if (argument.isArray()) {
                    logicalId = argument.get(0).asText();
                    attribute = resolve(argument.get(1)).asText();
                } else {
                    String text = argument.asText();
                    logicalId = text.substring(0, text.indexOf('.'));
                    attribute = text.substring(text.indexOf('.') + 1);
                }
                return NODES.textNode(attribute(logicalId, attribute));
            }
            case "Fn::Sub":
                return NODES.textNode(substitute(argument));
            case "Fn::Join": {
                JsonNode items = resolve(argument.get(1));
                return NODES.textNode(join(argument.get(0).asText(), items.isArray() ? items : NODES.arrayNode().add(items)));
            }
            case "Fn::Split": {
                ArrayNode parts = NODES.arrayNode();
                String delimiter = argument.get(0).asText();
                String text = resolve(argument.get(1)).asText();
                int start = 0;
                int at;
                while ((at = text.indexOf(delimiter, start)) >= 0) {
                    parts.add(text.substring(start, at));
                    start = at + delimiter.length();
                }
                parts.add(text.substring(start));
                return parts;
            }
            case "Fn::Select":
                return resolve(argument.get(1)).path(Integer.parseInt(resolve(argument.get(0)).asText()));
            case "Fn::If":
                return resolve(condition(argument.get(0).asText()) ? argument.get(1) : argument.get(2));
            case "Fn::Base64":
                return NODES.textNode(Base64.getEncoder().encodeToString(
                        resolve(argument).asText().getBytes(StandardCharsets.UTF_8)));
            case "Fn::Equals":
            case "Fn::And":
            case "Fn::Or":
            case "Fn::Not":
                return NODES.booleanNode(Conditions.evaluate(this, NODES.objectNode().set(function, argument)));
            default:
                throw new UnsupportedOperationException(function + " is not resolved here");
        }
    }

    private JsonNode reference(String target) {
        switch (target) {
            case "AWS::NoValue":
                return MissingNode.getInstance();
            case "AWS::Region":
                return NODES.textNode(region);
            case "AWS::AccountId":
                return NODES.textNode(accountId);
            case "AWS::Partition":
                return NODES.textNode(partition());
            case "AWS::StackName":
                return NODES.textNode(name);
            case "AWS::URLSuffix":
                return NODES.textNode(partition().equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com");
            case "AWS::StackId":
                return NODES.textNode("arn:" + partition() + ":cloudformation:" + region + ":" + accountId + ":stack/" + name
                        + "/local");
            default:
                break;
        }
        JsonNode declared = template.path("Parameters").path(target);
        if (!declared.isMissingNode()) {
            String value = parameter(target);
            String type = declared.path("Type").asText();
            if (type.equals("CommaDelimitedList") || type.startsWith("List<")) {
                ArrayNode items = NODES.arrayNode();
                if (!value.isEmpty()) {
                    for (String item : value.split(",", -1)) {
                        items.add(item.trim());
                    }
                }
                return items;
            }
            return NODES.textNode(value);
        }
        return NODES.textNode(ref(target));
    }

    private String substitute(JsonNode argument) {
        String text;
        Map<String, String> variables = new HashMap<>();
        if (argument.isArray()) {
            text = argument.get(0).asText();
            argument.get(1).fields().forEachRemaining(variable ->
                    variables.put(variable.getKey(), textOf(resolve(variable.getValue()))));
        } else {
            text = argument.asText();
        }
        StringBuilder result = new StringBuilder();
        int index = 0;
        while (index < text.length()) {
            int open = text.indexOf("${", index);
            if (open < 0) {
                result.append(text, index, text.length());
                break;
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed ${ in " + text);
            }
            result.append(text, index, open);
            String variable = text.substring(open + 2, close);
            if (variable.startsWith("!")) {
                result.append("${").append(variable.substring(1)).append('}');
            } else if (variables.containsKey(variable)) {
                result.append(variables.get(variable));
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                int dot = variable.indexOf('.');
                result.append(attribute(variable.substring(0, dot), variable.substring(dot + 1)));
            } else {
                result.append(textOf(reference(variable)));
            }
            index = close + 1;
        }
        return result.toString();
    }


    static String textOf(JsonNode value) {
        return value.isArray() ? join(",", value) : value.asText();
    }

    private static String join(String delimiter, JsonNode items) {
        List<String> parts = new ArrayList<>();
        items.forEach(item -> parts.add(item.asText()));
        return String.join(delimiter, parts);
    }

    /** The resource's reference and attributes: as the deployment names them, else by its type. */
    private Map<String, String> physical(String logicalId) {
        Map<String, String> given = physical.getOrDefault(logicalId, Map.of());
        JsonNode resource = template.path("Resources").path(logicalId);
        String type = resource.path("Type").asText();
        if (resource.isMissingNode() && logicalId.endsWith("Role")
                && template.path("Resources").path(logicalId.substring(0, logicalId.length() - 4)).path("Type").asText()
                .equals("AWS::Serverless::Function")) {
            type = "AWS::IAM::Role";
        } else if (resource.isMissingNode() && given.isEmpty()) {
            throw new IllegalArgumentException("the template declares no resource " + logicalId);
        }
        JsonNode properties = resource.path("Properties");
        Map<String, String> values = PhysicalIds.of(type, logicalId, given, partition(), region, accountId, name,
                nameProperty -> named(logicalId, properties, nameProperty));
        values.putAll(given);
        return values;
    }

    private String named(String logicalId, JsonNode properties, String nameProperty) {
        JsonNode declared = properties.get(nameProperty);
        return declared == null ? name + "-" + logicalId : textOf(resolve(declared));
    }

    /** What a deployment is given: a stack name, region, account, parameter values and resource names. */
    public static final class Builder {
        private final JsonNode template;
        private String name = "push-registry";
        private String region = "eu-central-1";
        private String accountId = "000000000000";
        private final Map<String, String> parameters = new HashMap<>();
        private final Map<String, Map<String, String>> resources = new HashMap<>();

        private Builder(JsonNode template) {
            this.template = Objects.requireNonNull(template, "template");
        }

        public Builder name(String stackName) {
            this.name = stackName;
            return this;
        }

        public Builder region(String awsRegion) {
            this.region = awsRegion;
            return this;
        }

        public Builder accountId(String account) {
            this.accountId = account;
            return this;
        }

        /** A parameter's value (a list parameter's items comma-separated). */
        public Builder parameter(String parameter, String value) {
            parameters.put(parameter, value);
            return this;
        }

        /**
         * What the deployment calls a resource: its {@code Ref} and attributes (a queue by
         * {@code QueueName}, a table by {@code Ref}; the rest follows from those), overriding what its
         * type gives.
         */
        public Builder resource(String logicalId, Map<String, String> values) {
            resources.computeIfAbsent(logicalId, key -> new LinkedHashMap<>()).putAll(values);
            return this;
        }

        /**
         * The stack, once CloudFormation would accept its parameters: each one declared, each one
         * without a default given a value, each value one of its {@code AllowedValues} and matching
         * its {@code AllowedPattern}, and every assertion of the template's {@code Rules} whose
         * {@code RuleCondition} holds true.
         *
         * @throws IllegalArgumentException saying which parameter or rule refuses the deployment
         */
        public Stack build() {
            JsonNode declared = template.path("Parameters");
            for (String parameter : parameters.keySet()) {
                if (!declared.has(parameter)) {
                    throw new IllegalArgumentException("the template declares no parameter " + parameter);
                }
            }
            declared.fields().forEachRemaining(parameter -> ParameterChecks.check(parameter.getKey(), parameter.getValue(),
                    parameters.get(parameter.getKey())));
            Stack stack = new Stack(this);
            stack.template.path("Rules").fields().forEachRemaining(rule -> Conditions.enforce(stack, rule.getKey(),
                    rule.getValue()));
            return stack;
        }
    }
}
