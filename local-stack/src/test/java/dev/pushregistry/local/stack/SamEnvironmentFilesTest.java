package dev.pushregistry.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushregistry.testing.SampleEvents;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The files for {@code sam local invoke} point every function at the same table and queues the
 * local stack creates, and give every variable the template declares.
 */
class SamEnvironmentFilesTest {
    private static final Path ROOT = SampleEvents.projectRoot();
    private final StackTemplate template = StackTemplate.read(ROOT.resolve("template.yaml"));

    @Test
    void everyDeclaredVariableHasALocalValueNamingTheLocalTableAndQueues() throws Exception {
        JsonNode variables = new ObjectMapper().readTree(ROOT.resolve("local-stack/sam/env-vars.json").toFile());
        JsonNode shared = variables.get("Parameters");
        Set<String> queues = template.queues().stream().map(StackTemplate.QueueSpec::logicalId).collect(Collectors.toSet());
        assertEquals(template.table().logicalId(), shared.get("TABLE_NAME").asText());
        for (StackTemplate.FunctionSpec function : template.functions()) {
            JsonNode own = variables.path(function.logicalId());
            for (String name : function.environment().keySet()) {
                if (name.equals("JAVA_TOOL_OPTIONS")) {
                    continue;
                }
                JsonNode value = own.has(name) ? own.get(name) : shared.get(name);
                assertTrue(value != null, function.logicalId() + " gets no local value for " + name);
                if (name.endsWith("QUEUE_URL")) {
                    String url = value.asText();
                    String queue = url.substring(url.lastIndexOf('/') + 1);
                    assertTrue(queues.contains(queue), name + " of " + function.logicalId() + " names no queue: " + url);
                    assertEquals(template.functions().stream().filter(f -> f.logicalId().equals(function.logicalId()))
                            .findFirst().orElseThrow().environment().get(name), queue, name + " of " + function.logicalId());
                }
            }
        }
    }

    @Test
    void theContainerFileGivesTheEndpointsAndKeysOfTheLocalStack() throws Exception {
        JsonNode container = new ObjectMapper().readTree(ROOT.resolve("local-stack/sam/container-env-vars.json").toFile())
                .get("Parameters");
        StackSettings defaults = StackSettings.fromEnvironment(ROOT, java.util.Map.of());
        assertTrue(container.get("AWS_ENDPOINT_URL_DYNAMODB").asText().endsWith(":" + defaults.dynamoDbPort()));
        assertTrue(container.get("AWS_ENDPOINT_URL_SQS").asText().endsWith(":" + defaults.sqsPort()));
        assertEquals(defaults.authorization().get("APP_KEYS"), container.get("APP_KEYS").asText());
        assertEquals(defaults.authorization().get("SERVER_KEYS"), container.get("SERVER_KEYS").asText());
        assertEquals(defaults.authorization().get("APP_KEYS_DEMO_2"), container.get("APP_KEYS_DEMO_2").asText(),
                "the second local app's key");
        JsonNode shared = new ObjectMapper().readTree(ROOT.resolve("local-stack/sam/env-vars.json").toFile())
                .get("Parameters");
        assertEquals(defaults.apps().defaultAppId(), shared.get("DEFAULT_APP_ID").asText());
    }
}
