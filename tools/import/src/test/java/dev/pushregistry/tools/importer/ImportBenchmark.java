package dev.pushregistry.tools.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.local.stack.LocalStack;
import dev.pushregistry.testing.SampleEvents;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 100,000-row file (every other device owned) through the import command into the local stack,
 * as {@code ./run-local} runs it (events function reading the stream included), with the command's
 * defaults, then the same file again (every row skipped). Prints one line:
 * {@code import: rows=… seconds=… rows_per_s=… rerun_seconds=… rerun_rows_per_s=…}. Run with
 * {@code mvn -B install -DskipTests && mvn -B test -pl tools/import -Dgroups=benchmark
 * -Dtest.excludedGroups= -Dtest=ImportBenchmark} ({@code -Dimport.rows=} for another size).
 */
@Tag("benchmark")
class ImportBenchmark {
    private static final int ROWS = Integer.getInteger("import.rows", 100_000);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void aHundredThousandRowsThroughTheLocalStack() throws Exception {
        Path file = work.resolve("devices.jsonl");
        Instant lastUsed = Instant.now().minus(Duration.ofDays(1));
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int row = 1; row <= ROWS; row++) {
                ObjectNode device = JSON.createObjectNode().put("token", row % 2 == 0 ? Tokens.apns() : Tokens.fcm())
                        .put("platform", row % 2 == 0 ? "ios" : "android").put("last_used", lastUsed.toString());
                if (row % 2 == 0) {
                    device.put("person_id", "bench-" + row / 2);
                }
                out.write(JSON.writeValueAsString(device));
                out.newLine();
            }
        }
        try (LocalStack stack = LocalStack.startEphemeral(SampleEvents.projectRoot())) {
            Importer.Summary first = run(stack, file, "first");
            assertNull(first.stoppedBy());
            assertEquals(ROWS, first.created());
            Importer.Summary again = run(stack, file, "again");
            assertEquals(ROWS, again.skipped());
            System.out.printf(Locale.ROOT, "import: rows=%d seconds=%.1f rows_per_s=%.0f rerun_seconds=%.1f"
                            + " rerun_rows_per_s=%.0f%n", ROWS, first.elapsed().toMillis() / 1000.0, first.rowsPerSecond(),
                    again.elapsed().toMillis() / 1000.0, again.rowsPerSecond());
        }
    }

    private Importer.Summary run(LocalStack stack, Path file, String name) throws Exception {
        Importer importer = new Importer(new Importer.Settings(URI.create(stack.apiUrl()), "local-server-key",
                Mapping.REGISTRY, new Mapping.Defaults("demo", null, null, Instant.now(), false), 500, 4, 8,
                Duration.ofMillis(500), false), HttpClient.newHttpClient());
        return importer.run(file, Rows.Format.JSON_LINES, work.resolve(name + ".checkpoint"),
                work.resolve(name + ".refused.jsonl"), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), false);
    }
}
