package dev.pushregistry.system.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.local.services.cloudformation.CloudFormationYaml;
import dev.pushregistry.testing.SampleEvents;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A deploy that changes only parameters takes effect. API Gateway and the queue triggers invoke each
 * function's alias ({@code AutoPublishAlias}), which points at a version; SAM names that version by
 * a hash of the code and of the properties as written, with parameters unresolved, so a new
 * parameter value alone would publish nothing and the alias would keep running the old
 * configuration. Every parameter that reaches what a version holds (environment, logging, tracing,
 * memory, timeout, runtime) must therefore reach the function's {@code VersionDescription}, whose
 * change replaces the version: through the configuration digest the template computes for it.
 */
class PublishedVersionsTest {
    /** What a published version holds of a function's configuration (the alias runs exactly that). */
    private static final List<String> VERSIONED = List.of("Environment", "LoggingConfig", "Tracing", "MemorySize", "Timeout",
            "Runtime", "Handler", "Architectures", "Layers", "EphemeralStorage", "SnapStart", "RuntimeManagementConfig",
            "KmsKeyArn", "VpcConfig", "FileSystemConfigs", "DeadLetterQueue");
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^}!]+)}");

    private final JsonNode template = CloudFormationYaml.read(SampleEvents.projectRoot().resolve("template.yaml"));

    /** Each function's parameters that its versioned configuration uses, and those its version follows. */
    static Map<String, Map<String, Set<String>>> versionsOf(JsonNode template) {
        Map<String, Map<String, Set<String>>> functions = new TreeMap<>();
        JsonNode globals = template.path("Globals").path("Function");
        template.path("Resources").fields().forEachRemaining(resource -> {
            if (!resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                return;
            }
            JsonNode properties = resource.getValue().path("Properties");
            Set<String> used = new TreeSet<>();
            for (String property : VERSIONED) {
                used.addAll(parameters(template, globals.path(property)));
                used.addAll(parameters(template, properties.path(property)));
            }
            Set<String> followed = new TreeSet<>(parameters(template, properties.path("VersionDescription")));
            for (String attribute : attributes(properties.path("VersionDescription"))) {
                String[] parts = attribute.split("\\.", 2);
                JsonNode digest = template.path("Resources").path(parts[0]);
                if (digest.path("Type").asText().equals("Custom::ConfigurationDigests")) {
                    followed.addAll(parameters(template, digest.path("Properties").path("Shared")));
                    followed.addAll(parameters(template, digest.path("Properties").path("Functions").path(parts[1])));
                }
            }
            functions.put(resource.getKey(), Map.of("used", used, "followed", followed));
        });
        return functions;
    }

    /** The parameters {@code node} refers to: by Ref, in a Sub, or through a condition it tests. */
    private static Set<String> parameters(JsonNode template, JsonNode node) {
        Set<String> found = new TreeSet<>();
        JsonNode declared = template.path("Parameters");
        if (node.isObject()) {
            if (node.has("Ref") && declared.has(node.get("Ref").asText())) {
                found.add(node.get("Ref").asText());
            }
            if (node.has("Fn::Sub")) {
                JsonNode sub = node.get("Fn::Sub");
                Matcher matcher = SUBSTITUTION.matcher(sub.isArray() ? sub.get(0).asText() : sub.asText());
                while (matcher.find()) {
                    if (declared.has(matcher.group(1))) {
                        found.add(matcher.group(1));
                    }
                }
            }
            if (node.has("Fn::If")) {
                found.addAll(parameters(template, template.path("Conditions").path(node.get("Fn::If").get(0).asText())));
            }
            if (node.has("Condition") && node.size() == 1) {
                found.addAll(parameters(template, template.path("Conditions").path(node.get("Condition").asText())));
            }
            node.forEach(child -> found.addAll(parameters(template, child)));
        } else if (node.isArray()) {
            node.forEach(child -> found.addAll(parameters(template, child)));
        }
        return found;
    }

    /** The resource attributes a Sub names ({@code ConfigurationDigests.RegisterFunction}). */
    private static Set<String> attributes(JsonNode node) {
        Set<String> found = new TreeSet<>();
        JsonNode sub = node.path("Fn::Sub");
        if (sub.isMissingNode()) {
            return found;
        }
        Matcher matcher = SUBSTITUTION.matcher(sub.isArray() ? sub.get(0).asText() : sub.asText());
        while (matcher.find()) {
            if (matcher.group(1).contains(".") && !matcher.group(1).startsWith("AWS::")) {
                found.add(matcher.group(1));
            }
        }
        return found;
    }

    @Test
    void everyParameterAFunctionsVersionHoldsChangesItsVersion() {
        Map<String, Map<String, Set<String>>> functions = versionsOf(template);
        assertEquals(10, functions.size(), functions.keySet().toString());
        for (Map.Entry<String, Map<String, Set<String>>> function : functions.entrySet()) {
            Set<String> missed = new TreeSet<>(function.getValue().get("used"));
            missed.removeAll(function.getValue().get("followed"));
            assertTrue(missed.isEmpty(), function.getKey() + ": a deploy that changes only " + missed
                    + " would publish no new version, and its alias would keep the old configuration");
            assertTrue(function.getValue().get("used").containsAll(List.of("LogLevel", "Tracing", "AppIds")),
                    function.getKey() + " reads the globals: " + function.getValue().get("used"));
        }
    }

    @Test
    void theCheckSeesAParameterThatAVersionDoesNotFollow() {
        ObjectNode changed = template.deepCopy();
        ((ObjectNode) changed.path("Resources").path("ConfigurationDigests").path("Properties").path("Functions")
                .path("IdentifyFunction")).remove("IdentityJwksUrl");
        Map<String, Set<String>> identify = versionsOf(changed).get("IdentifyFunction");
        assertTrue(identify.get("used").contains("IdentityJwksUrl"));
        assertTrue(!identify.get("followed").contains("IdentityJwksUrl"), "the check would not fail");
    }

    @Test
    void theDigestsAreOfTheFunctionsThereAreAndOfNothingElse() {
        JsonNode digests = template.path("Resources").path("ConfigurationDigests").path("Properties");
        Set<String> named = new TreeSet<>();
        digests.path("Functions").fieldNames().forEachRemaining(named::add);
        assertEquals(versionsOf(template).keySet(), named);
        digests.path("Shared").fields().forEachRemaining(value -> assertEquals(value.getKey(), value.getValue().path("Ref").asText(),
                "each digested value is the parameter it is named after"));
        digests.path("Functions").fields().forEachRemaining(function -> function.getValue().fields().forEachRemaining(value ->
                assertEquals(value.getKey(), value.getValue().path("Ref").asText(), function.getKey())));
        assertTrue(template.path("Resources").path("ConfigurationDigestsFunction").path("Properties").path("Code")
                .path("ZipFile").asText().contains("\"shared\": shared, \"own\": own"),
                "the digest covers both the shared and the function's own values");
    }
}
