package dev.pushregistry.telemetry;

import static dev.pushregistry.telemetry.Metrics.dimension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The EMF documents a function writes, read back as CloudWatch reads them. */
class MetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");
    private final List<String> lines = new ArrayList<>();
    private final Metrics metrics = new Metrics("PushRegistryTest", lines::add, Clock.fixed(NOW, ZoneOffset.UTC));

    private List<ObjectNode> documents() {
        return lines.stream().map(Json::parseObject).toList();
    }

    @Test
    void countsOfOneDimensionSetAreSummedIntoOneDocumentThatDeclaresThem() {
        metrics.count("Pushes", 3, dimension("Provider", "apns"), dimension("Outcome", "sent"));
        metrics.count("Pushes", 2, dimension("Provider", "apns"), dimension("Outcome", "sent"));
        metrics.count("Pushes", 1, dimension("Provider", "apns"), dimension("Outcome", "bounced"));
        metrics.flush();

        List<ObjectNode> documents = documents();
        assertEquals(2, documents.size());
        ObjectNode sent = documents.get(0);
        JsonNode directive = sent.get("_aws").get("CloudWatchMetrics").get(0);
        assertEquals(NOW.toEpochMilli(), sent.get("_aws").get("Timestamp").asLong());
        assertEquals("PushRegistryTest", directive.get("Namespace").asText());
        assertEquals("[[\"Provider\",\"Outcome\"]]", directive.get("Dimensions").toString());
        assertEquals("[{\"Name\":\"Pushes\",\"Unit\":\"Count\"}]", directive.get("Metrics").toString());
        assertEquals("apns", sent.get("Provider").asText());
        assertEquals("sent", sent.get("Outcome").asText());
        assertEquals(5, sent.get("Pushes").asLong());
        assertEquals(1, documents.get(1).get("Pushes").asLong());
        assertEquals("bounced", documents.get(1).get("Outcome").asText());
    }

    @Test
    void deployedEveryMetricAlsoCarriesItsStackSoTwoStacksNeverAddUp() {
        List<String> staged = new ArrayList<>();
        Metrics of = new Metrics("PushRegistryTest", "push-registry-staging", staged::add, Clock.fixed(NOW, ZoneOffset.UTC));
        of.count("Pushes", 2, dimension("Provider", "apns"), dimension("Outcome", "sent"));
        of.milliseconds("PushLatency", 12.5, dimension("Provider", "apns"));
        of.flush();

        List<ObjectNode> documents = staged.stream().map(Json::parseObject).toList();
        assertEquals(2, documents.size());
        assertEquals("[[\"Provider\",\"Outcome\",\"Stack\"]]",
                documents.get(0).get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString());
        assertEquals("[[\"Provider\",\"Stack\"]]",
                documents.get(1).get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString());
        documents.forEach(document -> assertEquals("push-registry-staging", document.get("Stack").asText()));
    }

    @Test
    void timingsBeyondAHundredValuesGoInFurtherDocumentsAndCountsOnlyInTheFirst() {
        for (int push = 0; push < 250; push++) {
            metrics.milliseconds("PushLatency", push, dimension("Provider", "fcm"));
        }
        metrics.count("Retries", 4, dimension("Provider", "fcm"));
        metrics.flush();

        List<ObjectNode> documents = documents();
        assertEquals(3, documents.size());
        assertEquals(List.of(100, 100, 50), documents.stream().map(document -> document.get("PushLatency").size()).toList());
        assertEquals(4, documents.get(0).get("Retries").asLong());
        assertFalse(documents.get(1).has("Retries"));
        assertEquals("[{\"Name\":\"PushLatency\",\"Unit\":\"Milliseconds\"}]",
                documents.get(2).get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").toString());
        double sum = 0;
        for (ObjectNode document : documents) {
            for (JsonNode value : document.get("PushLatency")) {
                sum += value.asDouble();
            }
        }
        assertEquals(249 * 250 / 2.0, sum);
    }

    @Test
    void aFlushWritesOnlyWhatCameSinceTheLastAndNothingWhenNothingWasCounted() {
        metrics.count("Answers", 0, dimension("Endpoint", "POST /v1/register"));
        metrics.flush();
        assertTrue(lines.isEmpty());

        metrics.count("Answers", 1, dimension("Endpoint", "POST /v1/register"), dimension("Status", "2xx"));
        metrics.flush();
        metrics.flush();
        assertEquals(1, lines.size());
    }

    @Test
    void misuseIsRefusedWhereItIsWritten() {
        assertThrows(IllegalArgumentException.class, () -> dimension("Provider", ""));
        assertThrows(IllegalArgumentException.class, () -> metrics.count("Provider", 1, dimension("Provider", "apns")));
        assertThrows(IllegalArgumentException.class, () -> metrics.count("Pushes", 1));
        metrics.count("Pushes", 1, dimension("Provider", "apns"));
        assertThrows(IllegalArgumentException.class, () -> metrics.milliseconds("Pushes", 1.5, dimension("Provider", "apns")));
        assertThrows(IllegalArgumentException.class, () -> new Metrics(" ", line -> { }, Clock.systemUTC()));
    }

    @Test
    void offlineSettingsWriteNothingAndTheNamespaceComesFromTheVariable() {
        Metrics offline = Metrics.from(Settings.offline(Map.of()));
        offline.count("Pushes", 1, dimension("Provider", "apns"));
        offline.flush();

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Metrics.from(Settings.offline(Map.of())).flush();
            Metrics deployed = Metrics.from(new Settings(Map.of(Metrics.NAMESPACE_VARIABLE, "Team/Push")));
            deployed.count("Pushes", 1, dimension("Provider", "apns"));
            deployed.flush();
        } finally {
            System.setOut(original);
        }
        String written = captured.toString(StandardCharsets.UTF_8).trim();
        assertEquals("Team/Push",
                Json.parseObject(written).get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText());
    }
}
