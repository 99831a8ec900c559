package dev.pushregistry.local.services.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The template's condition functions ({@code Fn::Equals}, {@code Fn::And}, {@code Fn::Or},
 * {@code Fn::Not}, {@code Condition}) evaluated in a stack, and its {@code Rules} enforced as
 * CloudFormation enforces them before a deployment.
 */
final class Conditions {
    private Conditions() {
    }

    /** Whether {@code condition} holds in {@code stack}. */
    static boolean evaluate(Stack stack, JsonNode condition) {
        String function = condition.fieldNames().next();
        JsonNode argument = condition.get(function);
        switch (function) {
            case "Fn::Equals":
                return Stack.textOf(stack.resolve(argument.get(0))).equals(Stack.textOf(stack.resolve(argument.get(1))));
            case "Fn::And":
                for (JsonNode each : argument) {
                    if (!evaluate(stack, each)) {
                        return false;
                    }
                }
                return true;
            case "Fn::Or":
                for (JsonNode each : argument) {
                    if (evaluate(stack, each)) {
                        return true;
                    }
                }
                return false;
            case "Fn::Not":
                return !evaluate(stack, argument.get(0));
            case "Condition":
                return stack.condition(argument.asText());
            default:
                throw new UnsupportedOperationException(function + " is not a condition function");
        }
    }

    /**
     * @throws IllegalArgumentException when an assertion of the rule fails while its
     *     {@code RuleCondition} holds
     */
    static void enforce(Stack stack, String rule, JsonNode declaration) {
        JsonNode condition = declaration.get("RuleCondition");
        if (condition != null && !evaluate(stack, condition)) {
            return;
        }
        for (JsonNode assertion : declaration.path("Assertions")) {
            if (!evaluate(stack, assertion.get("Assert"))) {
                throw new IllegalArgumentException("Template error: rule " + rule + " refuses the parameters: "
                        + assertion.path("AssertDescription").asText("(no description)"));
            }
        }
    }
}
