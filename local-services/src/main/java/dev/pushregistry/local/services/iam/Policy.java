package dev.pushregistry.local.services.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An IAM policy document (identity-based or resource-based), resolved, as IAM evaluates it for one
 * action on one resource: {@code Action}/{@code NotAction} matched without regard to case,
 * {@code Resource}/{@code NotResource} with case, both with {@code *} and {@code ?} wildcards;
 * {@code Principal} for a resource-based policy; {@code Condition} with the string, ARN and boolean
 * operators (and their {@code IfExists} forms) over the keys the request carries. A condition this
 * class does not understand never lets an {@code Allow} apply and always lets a {@code Deny} apply.
 *
 * @param name where the policy came from, for messages
 */
public record Policy(String name, List<Statement> statements) {
    public Policy {
        statements = List.copyOf(statements);
    }

    /** The policy in a resolved document ({@code {"Statement": [...]}} or one statement). */
    public static Policy of(String name, JsonNode document) {
        List<Statement> statements = new ArrayList<>();
        JsonNode declared = document.has("Statement") ? document.get("Statement") : document;
        if (declared.isArray()) {
            declared.forEach(statement -> statements.add(Statement.of(statement)));
        } else {
            statements.add(Statement.of(declared));
        }
        return new Policy(name, statements);
    }

    /** Whether a statement of this policy with {@code effect} applies to the request. */
    boolean applies(Effect effect, String principalArn, AccessRequest request, Map<String, String> context,
                    boolean resourceBased) {
        for (Statement statement : statements) {
            if (statement.effect() == effect && statement.matches(principalArn, request, context, resourceBased)) {
                return true;
            }
        }
        return false;
    }

    /** Allow or Deny. */
    public enum Effect { ALLOW, DENY }

    /**
     * One statement.
     *
     * @param principals for a resource-based policy, the principals it names ({@code *} for anyone)
     * @param condition the statement's {@code Condition} block, or a missing node
     */
    public record Statement(Effect effect, List<String> principals, List<String> actions, boolean notAction,
                            List<String> resources, boolean notResource, JsonNode condition) {
        static Statement of(JsonNode statement) {
            Effect effect = switch (statement.path("Effect").asText()) {
                case "Allow" -> Effect.ALLOW;
                case "Deny" -> Effect.DENY;
                default -> throw new IllegalArgumentException("a statement's Effect is Allow or Deny: " + statement);
            };
            boolean notAction = statement.has("NotAction");
            boolean notResource = statement.has("NotResource");
            return new Statement(effect, principals(statement.get("Principal")),
                    texts(statement.get(notAction ? "NotAction" : "Action")), notAction,
                    statement.has("Resource") || notResource ? texts(statement.get(notResource ? "NotResource" : "Resource"))
                            : List.of("*"),
                    notResource, statement.path("Condition"));
        }

        boolean matches(String principalArn, AccessRequest request, Map<String, String> context, boolean resourceBased) {
            if (resourceBased && principals.stream().noneMatch(named -> named.equals("*") || named.equals(principalArn))) {
                return false;
            }
            boolean action = actions.stream().anyMatch(pattern -> wildcard(pattern, request.action(), true));
            if (action == notAction) {
                return false;
            }
            boolean resource = resources.stream().anyMatch(pattern -> wildcard(pattern, request.resource(), false));
            if (resource == notResource) {
                return false;
            }
            return Conditions.hold(condition, context).orElse(effect == Effect.DENY);
        }

        private static List<String> principals(JsonNode principal) {
            List<String> named = new ArrayList<>();
            if (principal == null) {
                return named;
            }
            if (principal.isTextual()) {
                named.add(principal.asText());
                return named;
            }
            principal.fields().forEachRemaining(kind -> named.addAll(texts(kind.getValue())));
            return named;
        }

        private static List<String> texts(JsonNode node) {
            List<String> texts = new ArrayList<>();
            if (node == null) {
                return texts;
            }
            if (node.isArray()) {
                node.forEach(item -> texts.add(item.asText()));
            } else {
                texts.add(node.asText());
            }
            return texts;
        }
    }

    /** Whether {@code value} matches {@code pattern}, where {@code *} is any run of characters and {@code ?} one. */
    static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        return PATTERNS.computeIfAbsent((ignoreCase ? "i:" : "c:") + pattern, key -> compile(pattern, ignoreCase))
                .matcher(value).matches();
    }

    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Pattern compile(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char character : pattern.toCharArray()) {
            switch (character) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(character)));
            }
        }
        return ignoreCase ? Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
                : Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
