package dev.pushregistry.tools.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.local.stack.LocalStack;
import dev.pushregistry.testing.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The post-deploy check run against the local stack, as a team runs it against its own: every step
 * passes on a working stack, and a wrong key fails the steps that need it, with exit status 1.
 */
class SmokeToolTest {
    private static final String APP_KEY = "local-app-key";
    private static final String SERVER_KEY = "local-server-key";

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.startEphemeral(SampleEvents.projectRoot());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private record Run(int status, List<String> lines) {
    }

    private static Run smoke(String... arguments) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = new CommandLine(new SmokeTool(HttpClient.newHttpClient(),
                new PrintStream(printed, true, StandardCharsets.UTF_8))).execute(arguments);
        return new Run(status, Arrays.asList(printed.toString(StandardCharsets.UTF_8).split("\n")));
    }

    @Test
    void everyStepPassesOnAWorkingStack() {
        Run run = smoke("--url", stack.apiUrl(), "--app-key", APP_KEY, "--server-key", SERVER_KEY);

        assertEquals(0, run.status(), String.join("\n", run.lines()));
        List<String> steps = run.lines().stream().filter(line -> line.startsWith("ok") || line.startsWith("FAIL")).toList();
        assertEquals(9, steps.size(), String.join("\n", run.lines()));
        assertTrue(steps.stream().allMatch(line -> line.startsWith("ok    ")), String.join("\n", run.lines()));
        assertEquals("all checks passed", run.lines().get(run.lines().size() - 1));
    }

    @Test
    void aWrongServerKeyFailsTheBackendStepsAndTheRun() {
        Run run = smoke("--url", stack.apiUrl(), "--app-key", APP_KEY, "--server-key", "not-the-server-key");

        assertEquals(1, run.status(), String.join("\n", run.lines()));
        assertTrue(run.lines().stream().anyMatch(line -> line.startsWith("FAIL  the person's devices: expected 200, got 401")),
                String.join("\n", run.lines()));
        assertTrue(run.lines().stream().anyMatch(line -> line.startsWith("ok    register")), "the app steps still pass");
    }

    @Test
    void missingKeysAreAnArgumentError() {
        assertEquals(2, smoke("--url", stack.apiUrl(), "--app-key", "", "--server-key", SERVER_KEY).status());
    }
}
