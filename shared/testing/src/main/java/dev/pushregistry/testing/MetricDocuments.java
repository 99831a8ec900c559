package dev.pushregistry.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.telemetry.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Embedded Metric Format documents as CloudWatch Logs reads them, for tests: each one checked
 * against the format's rules as it is read (every declared metric and dimension present at the top
 * level, at most 100 values a metric), then summed by metric name and dimensions.
 */
public final class MetricDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String START = "{\"_aws\"";
    private final List<ObjectNode> documents = new ArrayList<>();

    /** Metrics whose documents are kept here, read back as they are written. */
    public Metrics metrics() {
        return new Metrics(Metrics.DEFAULT_NAMESPACE, this::add, Clock.systemUTC());
    }

    /** The documents in a function's captured output, among its other lines. */
    public static MetricDocuments in(String output) {
        MetricDocuments found = new MetricDocuments();
        for (int at = output.indexOf(START); at >= 0; at = output.indexOf(START, at + 1)) {
            try (JsonParser parser = JSON.createParser(output.substring(at))) {
                found.add((ObjectNode) JSON.readTree(parser));
            } catch (IOException unreadable) {
                throw new UncheckedIOException("a metrics document that is not JSON at " + at, unreadable);
            }
        }
        return found;
    }

    private void add(String line) {
        try {
            add((ObjectNode) JSON.readTree(line));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private synchronized void add(ObjectNode document) {
        JsonNode directives = document.path("_aws").path("CloudWatchMetrics");
        if (!document.path("_aws").path("Timestamp").canConvertToLong() || !directives.isArray()
                || directives.isEmpty()) {
            throw new IllegalStateException("not an EMF document: " + document);
        }
        for (JsonNode directive : directives) {
            if (directive.path("Namespace").asText().isEmpty()) {
                throw new IllegalStateException("a directive without a namespace: " + document);
            }
            for (JsonNode set : directive.path("Dimensions")) {
                for (JsonNode name : set) {
                    if (!document.path(name.asText()).isTextual()) {
                        throw new IllegalStateException("dimension " + name + " has no value: " + document);
                    }
                }
            }
            for (JsonNode metric : directive.path("Metrics")) {
                JsonNode value = document.path(metric.path("Name").asText());
                if (!value.isNumber() && !(value.isArray() && value.size() <= Metrics.VALUES_PER_DOCUMENT)) {
                    throw new IllegalStateException("metric " + metric + " has no value: " + document);
                }
            }
        }
        documents.add(document);
    }

    /** Every document read, in order. */
    public synchronized List<ObjectNode> documents() {
        return List.copyOf(documents);
    }

    /** The sum of the metric's values in the documents whose dimensions include {@code dimensions}. */
    public synchronized double sum(String name, Map<String, String> dimensions) {
        double sum = 0;
        for (JsonNode value : values(name, dimensions)) {
            sum += value.asDouble();
        }
        return sum;
    }

    /**
     * The sum of the metric over the documents whose dimensions are exactly {@code dimensions} (one
     * of the metric's dimension sets, where it is written under several).
     */
    public synchronized double sumExactly(String name, Map<String, String> dimensions) {
        double sum = 0;
        for (ObjectNode document : documents) {
            JsonNode declared = document.at("/_aws/CloudWatchMetrics/0/Dimensions/0");
            List<String> names = new ArrayList<>();
            declared.forEach(dimension -> names.add(dimension.asText()));
            if (document.has(name) && names.size() == dimensions.size() && dimensions.keySet().containsAll(names)
                    && matches(document, dimensions)) {
                sum += document.get(name).asDouble();
            }
        }
        return sum;
    }

    /** How many values the metric has in the documents whose dimensions include {@code dimensions}. */
    public synchronized int count(String name, Map<String, String> dimensions) {
        return values(name, dimensions).size();
    }

    private List<JsonNode> values(String name, Map<String, String> dimensions) {
        List<JsonNode> values = new ArrayList<>();
        for (ObjectNode document : documents) {
            if (!document.has(name) || !matches(document, dimensions)) {
                continue;
            }
            JsonNode value = document.get(name);
            if (value.isArray()) {
                for (Iterator<JsonNode> each = value.elements(); each.hasNext(); ) {
                    values.add(each.next());
                }
            } else {
                values.add(value);
            }
        }
        return values;
    }

    private static boolean matches(ObjectNode document, Map<String, String> dimensions) {
        return dimensions.entrySet().stream()
                .allMatch(dimension -> dimension.getValue().equals(document.path(dimension.getKey()).asText(null)));
    }
}
