package dev.pushregistry.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pushregistry.testing.RegistryTable;
import dev.pushregistry.testing.SampleEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The template declares what the code and the sample events assume. */
class TemplateTest {
    private final JsonNode resources = read().get("Resources");

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(SampleEvents.projectRoot().resolve("template.yaml").toFile());
        } catch (IOException failure) {
            throw new IllegalStateException(failure);
        }
    }

    @Test
    void theTableHasTheKeysTtlAndRecoveryTheRegistryNeeds() {
        JsonNode table = resources.get("RegistryTable").get("Properties");
        assertEquals("PK", table.get("KeySchema").get(0).get("AttributeName").asText());
        assertEquals("HASH", table.get("KeySchema").get(0).get("KeyType").asText());
        assertEquals("SK", table.get("KeySchema").get(1).get("AttributeName").asText());
        assertEquals("RANGE", table.get("KeySchema").get(1).get("KeyType").asText());
        assertEquals(RegistryTable.TTL_ATTRIBUTE, table.get("TimeToLiveSpecification").get("AttributeName").asText());
        assertTrue(table.get("TimeToLiveSpecification").get("Enabled").asBoolean());
        assertTrue(table.get("PointInTimeRecoverySpecification").get("PointInTimeRecoveryEnabled").asBoolean());
    }

    @Test
    void everySampleEventsRouteIsDeclaredAndEveryFunctionPointsAtItsModule() throws IOException {
        Set<String> declared = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            JsonNode resource = it.next().getValue();
            if (!"AWS::Serverless::Function".equals(resource.get("Type").asText())) {
                continue;
            }
            JsonNode properties = resource.get("Properties");
            String codeUri = properties.get("CodeUri").asText();
            Path module = SampleEvents.projectRoot().resolve(codeUri).getParent().getParent();
            String handlerClass = properties.get("Handler").asText().split("::")[0];
            Path source = module.resolve("src/main/java").resolve(handlerClass.replace('.', '/') + ".java");
            assertTrue(Files.isRegularFile(source), codeUri + " should be built from " + source);
            properties.get("Events").forEach(event -> declared.add(
                    event.get("Properties").get("Method").asText() + " " + event.get("Properties").get("Path").asText()));
        }
        try (Stream<Path> events = Files.list(SampleEvents.projectRoot().resolve("events"))) {
            events.filter(path -> path.toString().endsWith(".json")).forEach(path -> {
                String route = SampleEvents.load(path.getFileName().toString()).getRouteKey();
                assertTrue(declared.contains(route), path.getFileName() + " uses undeclared route " + route);
            });
        }
    }
}
