package dev.pushregistry.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What CloudWatch would make of the functions' metrics, kept on this machine: standard output is
 * passed through unchanged while every Embedded Metric Format document on it (the same lines the
 * functions write deployed) is added up per metric and dimensions, as {@code /_local/metrics}
 * serves them. Installed when the stack starts, removed when it stops.
 */
final class LocalMetrics implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCUMENT = "{\"_aws\"";

    /** One metric with one set of dimension values: its unit and its values' count, sum, and extremes. */
    private static final class Totals {
        private final String unit;
        private long count;
        private double sum;
        private double max = Double.NEGATIVE_INFINITY;
        private double min = Double.POSITIVE_INFINITY;

        Totals(String unit) {
            this.unit = unit;
        }

        void add(double value) {
            count++;
            sum += value;
            max = Math.max(max, value);
            min = Math.min(min, value);
        }
    }

    private final PrintStream original;
    /** By metric: its name, then its dimensions' names and values in turn. */
    private final Map<List<String>, Totals> totals = new LinkedHashMap<>();

    private LocalMetrics(PrintStream original) {
        this.original = original;
    }

    /** Reads standard output from now on. */
    static LocalMetrics install() {
        LocalMetrics metrics = new LocalMetrics(System.out);
        System.setOut(new PrintStream(metrics.new Lines(), true, StandardCharsets.UTF_8));
        return metrics;
    }

    /** Every metric seen so far: name, dimensions, unit, and its total (counts) or statistics (timings). */
    synchronized JsonNode snapshot() {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode list = answer.putArray("metrics");
        totals.forEach((key, total) -> {
            ObjectNode entry = list.addObject();
            entry.put("name", key.get(0));
            ObjectNode dimensions = entry.putObject("dimensions");
            for (int at = 1; at < key.size(); at += 2) {
                dimensions.put(key.get(at), key.get(at + 1));
            }
            entry.put("unit", total.unit);
            if ("Count".equals(total.unit)) {
                entry.put("sum", total.sum);
            } else {
                entry.put("count", total.count);
                entry.put("average", total.sum / total.count);
                entry.put("min", total.min);
                entry.put("max", total.max);
            }
        });
        return answer;
    }

    /** Adds up one line of output when it is a metrics document. */
    void read(String line) {
        if (!line.startsWith(DOCUMENT)) {
            return;
        }
        JsonNode document;
        try {
            document = JSON.readTree(line);
        } catch (IOException notJson) {
            return;
        }
        synchronized (this) {
            for (JsonNode directive : document.path("_aws").path("CloudWatchMetrics")) {
                for (JsonNode set : directive.path("Dimensions")) {
                    List<String> dimensions = new ArrayList<>();
                    for (JsonNode name : set) {
                        dimensions.add(name.asText());
                        dimensions.add(document.path(name.asText()).asText());
                    }
                    for (JsonNode metric : directive.path("Metrics")) {
                        String name = metric.path("Name").asText();
                        List<String> key = new ArrayList<>();
                        key.add(name);
                        key.addAll(dimensions);
                        Totals total = totals.computeIfAbsent(key,
                                any -> new Totals(metric.path("Unit").asText("None")));
                        JsonNode value = document.path(name);
                        List<JsonNode> values = new ArrayList<>();
                        if (value.isArray()) {
                            for (Iterator<JsonNode> each = value.elements(); each.hasNext(); ) {
                                values.add(each.next());
                            }
                        } else if (value.isNumber()) {
                            values.add(value);
                        }
                        values.forEach(one -> total.add(one.asDouble()));
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        System.setOut(original);
    }

    /** Standard output, passed through, cut into lines for {@link #read}. */
    private final class Lines extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            original.write(b);
            take(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            original.write(bytes, offset, length);
            for (int at = offset; at < offset + length; at++) {
                take(bytes[at]);
            }
        }

        private void take(int b) {
            if (b == '\n') {
                read(line.toString(StandardCharsets.UTF_8).strip());
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
