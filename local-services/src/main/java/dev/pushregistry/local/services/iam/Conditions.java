package dev.pushregistry.local.services.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A statement's {@code Condition} block evaluated over the request's context keys (such as
 * {@code aws:PrincipalArn}, {@code aws:SecureTransport}). Understood: {@code StringEquals},
 * {@code StringNotEquals}, {@code StringLike}, {@code StringNotLike}, {@code ArnEquals},
 * {@code ArnLike}, {@code ArnNotEquals}, {@code ArnNotLike}, {@code Bool}, each also with
 * {@code IfExists}. Every operator must hold; within one, a key holds when any of its values
 * matches (for a negated operator, when none does); a key the request lacks fails a positive
 * operator and satisfies a negated one, as IAM has it.
 */
final class Conditions {
    private Conditions() {
    }

    /** Whether the block holds; empty when it uses an operator this class does not understand. */
    static Optional<Boolean> hold(JsonNode block, Map<String, String> context) {
        if (block == null || block.isMissingNode() || block.isEmpty()) {
            return Optional.of(true);
        }
        Iterator<Map.Entry<String, JsonNode>> operators = block.fields();
        while (operators.hasNext()) {
            Map.Entry<String, JsonNode> operator = operators.next();
            String name = operator.getKey();
            boolean ifExists = name.endsWith("IfExists");
            String base = ifExists ? name.substring(0, name.length() - "IfExists".length()) : name;
            if (!understood(base)) {
                return Optional.empty();
            }
            Iterator<Map.Entry<String, JsonNode>> keys = operator.getValue().fields();
            while (keys.hasNext()) {
                Map.Entry<String, JsonNode> key = keys.next();
                String actual = context.get(key.getKey());
                boolean holds;
                if (actual == null) {
                    holds = ifExists || negated(base);
                } else {
                    boolean any = false;
                    for (String expected : values(key.getValue())) {
                        any |= matches(base, expected, actual);
                    }
                    holds = negated(base) != any;
                }
                if (!holds) {
                    return Optional.of(false);
                }
            }
        }
        return Optional.of(true);
    }

    private static boolean understood(String operator) {
        return switch (operator) {
            case "StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "ArnEquals", "ArnLike", "ArnNotEquals",
                 "ArnNotLike", "Bool" -> true;
            default -> false;
        };
    }

    private static boolean negated(String operator) {
        return operator.contains("Not");
    }

    private static boolean matches(String operator, String expected, String actual) {
        return switch (operator) {
            case "StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals" -> expected.equals(actual);
            case "Bool" -> expected.equalsIgnoreCase(actual);
            default -> Policy.wildcard(expected, actual, false);
        };
    }

    private static List<String> values(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }
}
