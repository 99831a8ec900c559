package dev.pushregistry.tools.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.local.stack.LocalStack;
import dev.pushregistry.store.dynamodb.fixtures.RegistryInvariants;
import dev.pushregistry.testing.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The import command against the local stack, as a user runs it against {@code ./run-local}: a
 * file with bad rows, the same file again, and an import cut off and resumed.
 */
class ImportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 400;
    private static final String SERVER_KEY = "local-server-key";

    private static LocalStack stack;
    private static DynamoDbClient dynamo;
    private static String table;

    @TempDir
    static Path folder;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.startEphemeral(SampleEvents.projectRoot());
        HttpResponse<String> info = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/_local/info")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode local = JSON.readTree(info.body());
        table = local.get("table").asText();
        dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create(local.get("dynamodb").asText()))
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @AfterAll
    static void stop() {
        try {
            dynamo.close();
        } finally {
            stack.close();
        }
    }

    private static Importer importer(String app, int batchSize) {
        return new Importer(new Importer.Settings(URI.create(stack.apiUrl()), SERVER_KEY, Mapping.REGISTRY,
                new Mapping.Defaults(app, null, null, Instant.parse("2026-11-01T00:00:00Z"), false),
                batchSize, 3, 8, Duration.ofMillis(100), false), HttpClient.newHttpClient());
    }

    private static Importer.Summary run(Importer importer, Path file) throws Exception {
        return importer.run(file, Rows.Format.of(file), checkpoint(file), report(file),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), true);
    }

    private static Path checkpoint(Path file) {
        return file.resolveSibling(file.getFileName() + ".checkpoint");
    }

    private static Path report(Path file) {
        return file.resolveSibling(file.getFileName() + ".refused.jsonl");
    }

    /** {@code rows} devices, every other one owned, with three bad rows among them at known places. */
    private static Path file(String name, int rows) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int row = 1; row <= rows; row++) {
            Map<String, Object> device = new TreeMap<>();
            device.put("token", Tokens.apns());
            device.put("platform", "ios");
            device.put("last_used", Instant.parse("2026-11-20T10:00:00Z").plusSeconds(row).toString());
            if (row % 2 == 0) {
                device.put("person_id", "imp-" + name + "-" + row / 2);
            }
            if (row == 10) {
                device.put("token", "not a token");
            }
            if (row == 20) {
                device.put("platform", "blackberry");
            }
            lines.add(row == 30 ? "{not json" : JSON.writeValueAsString(device));
        }
        Path file = folder.resolve(name + ".jsonl");
        Files.write(file, lines);
        return file;
    }

    /** The devices of an app with the file's tokens, by token: owner, platform, last used, push enabled. */
    private static Map<String, String> devices(String app, Path file) throws Exception {
        Set<String> tokens = new HashSet<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("{\"")) {
                tokens.add(JSON.readTree(line).get("token").asText());
            }
        }
        Map<String, String> devices = devices(app);
        devices.keySet().retainAll(tokens);
        return devices;
    }

    private static Map<String, String> devices(String app) {
        Map<String, String> devices = new TreeMap<>();
        dynamo.scanPaginator(scan -> scan.tableName(table).consistentRead(true)).items().forEach(item -> {
            String appOf = item.containsKey("app_id") ? item.get("app_id").s() : "demo";
            if ("token".equals(text(item, "entity")) && appOf.equals(app)) {
                devices.put(text(item, "token"), text(item, "person_id") + " " + text(item, "platform") + " "
                        + text(item, "last_used") + " " + item.get("push_enabled").bool());
            }
        });
        return devices;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? item.get(name).s() : null;
    }

    @Test
    void badRowsAreReportedWithTheirCodesTheRestIsImportedAndAgainNothingChanges() throws Exception {
        Path file = file("first", ROWS);

        Importer.Summary first = run(importer("demo", 500), file);

        assertNull(first.stoppedBy());
        assertEquals(ROWS, first.rowsDone());
        assertEquals(ROWS - 3, first.created());
        assertEquals(3, first.refused());
        List<JsonNode> refused = new ArrayList<>();
        for (String line : Files.readAllLines(report(file))) {
            refused.add(JSON.readTree(line));
        }
        refused.sort((a, b) -> Long.compare(a.get("row").asLong(), b.get("row").asLong()));
        assertEquals(List.of(10L, 20L, 30L), refused.stream().map(line -> line.get("row").asLong()).toList());
        assertEquals(List.of("invalid_token", "invalid_platform", "unreadable_row"),
                refused.stream().map(line -> line.get("code").asText()).toList());
        assertEquals("not a token", refused.get(0).at("/device/token").asText());
        Map<String, String> imported = devices("demo", file);
        assertEquals(ROWS - 3, imported.size());

        Files.delete(checkpoint(file));
        Importer.Summary again = run(importer("demo", 500), file);
        assertEquals(0, again.created() + again.updated(), "the same file again changes nothing");
        assertEquals(ROWS - 3, again.skipped());
        assertEquals(imported, devices("demo", file));
        RegistryInvariants.assertHold(dynamo, table, "demo", Instant.now());
    }

    @Test
    void anImportCutOffAndResumedEndsAsOneUninterruptedRun() throws Exception {
        Path whole = file("whole", ROWS);
        Path resumed = folder.resolve("resumed.jsonl");
        Files.copy(whole, resumed);

        assertNull(run(importer("demo", 500), whole).stoppedBy());

        Importer cutOff = importer("demo-2", 25);
        CompletableFuture<Importer.Summary> running = CompletableFuture.supplyAsync(() -> {
            try {
                return run(cutOff, resumed);
            } catch (Exception failure) {
                throw new IllegalStateException(failure);
            }
        });
        while (!Files.exists(checkpoint(resumed)) || JSON.readTree(checkpoint(resumed).toFile()).get("rows_done").asLong() < 50) {
            assertTrue(!running.isDone(), "the import ended before it could be cut off");
            Thread.sleep(20);
        }
        cutOff.stop();
        Importer.Summary interrupted = running.join();
        assertEquals("stopped", interrupted.stoppedBy());
        assertTrue(interrupted.rowsDone() < ROWS, "cut off before the end: " + interrupted.rowsDone());

        Importer.Summary rest = run(importer("demo-2", 25), resumed);
        assertNull(rest.stoppedBy());
        assertEquals(ROWS, rest.rowsDone());
        assertEquals(3, Files.readAllLines(report(resumed)).size(), "each bad row reported once");

        Map<String, String> uninterrupted = devices("demo", whole);
        Map<String, String> afterResume = devices("demo-2", resumed);
        assertEquals(ROWS - 3, afterResume.size());
        assertEquals(uninterrupted, afterResume, "the same devices with the same owners and times in both apps");
        RegistryInvariants.assertHold(dynamo, table, "demo", Instant.now());
    }
}
