package dev.pushregistry.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pushregistry.testing.SampleEvents;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the local stack reads of {@code template.yaml} to run each function as Lambda would. */
class StackTemplateTest {
    private final StackTemplate template = StackTemplate.read(SampleEvents.projectRoot().resolve("template.yaml"));

    @Test
    void aFunctionRunsWithItsOwnTimeoutOrElseTheGlobalOne() {
        Map<String, Duration> timeouts = template.functions().stream()
                .collect(Collectors.toMap(StackTemplate.FunctionSpec::logicalId, StackTemplate.FunctionSpec::timeout));
        assertEquals(Duration.ofSeconds(60), timeouts.get("SendApnsFunction"), "its own Timeout");
        assertEquals(Duration.ofSeconds(60), timeouts.get("SendFcmFunction"), "its own Timeout");
        assertEquals(Duration.ofSeconds(10), timeouts.get("RegisterFunction"), "the Globals' Timeout");
    }
}
