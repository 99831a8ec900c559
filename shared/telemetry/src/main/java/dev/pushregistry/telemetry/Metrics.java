package dev.pushregistry.telemetry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a function counts and times while it handles one event, written when it is done as
 * CloudWatch Embedded Metric Format (EMF) documents: one JSON line per set of dimensions, on
 * standard output, from which CloudWatch Logs makes the metrics (no API call, no agent).
 *
 * <p>Counts with the same name and dimensions are summed; timings are kept as values, at most
 * {@value #VALUES_PER_DOCUMENT} per document (the format's limit), in as many documents as they
 * need, so CloudWatch computes their percentiles from every value. Every metric has 1 to 30
 * dimensions, what an operator filters by (a provider, an endpoint, an outcome): never a token, a
 * person or a request id. Deployed, every metric also carries the stack it comes from
 * ({@value #STACK_DIMENSION}, from {@code STACK_NAME}), so two stacks in one account never add up.
 *
 * <p>The documents are written by the project's JSON writer rather than AWS's EMF library
 * ({@code aws-embedded-metrics}, which Powertools' metrics module builds on): its Jackson
 * data-binding and environment detection took about 550 ms and 1,000 classes to write a first
 * document in a fresh JVM here, two thirds of a function's whole cold start; the JSON writer is
 * loaded by then anyway.
 */
public final class Metrics {
    /** The variable naming the metrics' CloudWatch namespace. */
    public static final String NAMESPACE_VARIABLE = "METRICS_NAMESPACE";
    public static final String DEFAULT_NAMESPACE = "PushRegistry";
    /** The variable naming the stack whose metrics these are. */
    public static final String STACK_VARIABLE = "STACK_NAME";
    /** The dimension every metric of a stack carries. */
    public static final String STACK_DIMENSION = "Stack";
    /** EMF's limit on the values of one metric in one document. */
    public static final int VALUES_PER_DOCUMENT = 100;
    private static final String COUNT = "Count";
    private static final String MILLISECONDS = "Milliseconds";

    private final String namespace;
    private final Dimension stack;
    private final Consumer<String> output;
    private final Clock clock;
    private final Map<List<Dimension>, Map<String, Recorded>> pending = new LinkedHashMap<>();

    /**
     * @param namespace the CloudWatch namespace of every metric
     * @param output where each document goes, one line each
     * @param clock the documents' timestamps
     */
    public Metrics(String namespace, Consumer<String> output, Clock clock) {
        this(namespace, null, output, clock);
    }

    /**
     * @param namespace the CloudWatch namespace of every metric
     * @param stack the stack every metric is of (its {@value #STACK_DIMENSION} dimension), or
     *     {@code null} for none
     * @param output where each document goes, one line each
     * @param clock the documents' timestamps
     */
    public Metrics(String namespace, String stack, Consumer<String> output, Clock clock) {
        if (namespace == null || namespace.isBlank() || namespace.length() > 255) {
            throw new IllegalArgumentException("a metrics namespace has 1 to 255 characters");
        }
        this.namespace = namespace;
        this.stack = stack == null || stack.isBlank() ? null : new Dimension(STACK_DIMENSION, stack);
        this.output = Objects.requireNonNull(output, "output");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Metrics as a function's settings want them: in {@code METRICS_NAMESPACE} (default
     * {@value #DEFAULT_NAMESPACE}), of the stack {@code STACK_NAME} names (if it does), on standard
     * output, or nowhere for {@linkplain Settings#offline offline} settings (a primed copy's work
     * is no traffic).
     */
    public static Metrics from(Settings settings) {
        if (settings.isOffline()) {
            return discarding();
        }
        String namespace = settings.optional(NAMESPACE_VARIABLE);
        return new Metrics(namespace == null ? DEFAULT_NAMESPACE : namespace, settings.optional(STACK_VARIABLE),
                document -> System.out.println(document), Clock.systemUTC());
    }

    /** Metrics that are counted and never written. */
    public static Metrics discarding() {
        return new Metrics(DEFAULT_NAMESPACE, document -> { }, Clock.systemUTC());
    }

    /** One dimension of a metric: a name and the value it has here. */
    public record Dimension(String name, String value) {
        public Dimension {
            if (name == null || name.isBlank() || value == null || value.isBlank()) {
                throw new IllegalArgumentException("a dimension has a name and a value");
            }
        }
    }

    /** Shorthand for a {@link Dimension}. */
    public static Dimension dimension(String name, String value) {
        return new Dimension(name, value);
    }

    /** Adds {@code amount} to the count {@code name} under these dimensions (nothing for 0). */
    public synchronized void count(String name, long amount, Dimension... dimensions) {
        if (amount == 0) {
            return;
        }
        Recorded recorded = metric(name, COUNT, dimensions);
        recorded.count += amount;
    }

    /** Records one timing, in milliseconds, of {@code name} under these dimensions. */
    public synchronized void milliseconds(String name, double value, Dimension... dimensions) {
        metric(name, MILLISECONDS, dimensions).values.add(value);
    }

    /** Records timings, in milliseconds, of {@code name} under these dimensions (nothing for none). */
    public synchronized void milliseconds(String name, Collection<Double> values, Dimension... dimensions) {
        if (values.isEmpty()) {
            return;
        }
        metric(name, MILLISECONDS, dimensions).values.addAll(values);
    }

    /** Writes everything recorded since the last flush, then forgets it. */
    public void flush() {
        Map<List<Dimension>, Map<String, Recorded>> recorded;
        synchronized (this) {
            recorded = new LinkedHashMap<>(pending);
            pending.clear();
        }
        long timestamp = clock.millis();
        recorded.forEach((dimensions, metrics) -> {
            int values = metrics.values().stream().mapToInt(metric -> metric.values.size()).max().orElse(0);
            int documents = Math.max(1, (values + VALUES_PER_DOCUMENT - 1) / VALUES_PER_DOCUMENT);
            for (int document = 0; document < documents; document++) {
                output.accept(document(timestamp, dimensions, metrics, document));
            }
        });
    }

    private Recorded metric(String name, String unit, Dimension[] dimensions) {
        if (dimensions.length == 0 || dimensions.length > 30) {
            throw new IllegalArgumentException(name + " needs 1 to 30 dimensions");
        }
        List<Dimension> key = new ArrayList<>(List.of(dimensions));
        if (stack != null) {
            key.add(stack);
        }
        key = List.copyOf(key);
        for (Dimension dimension : key) {
            if (dimension.name().equals(name)) {
                throw new IllegalArgumentException("a metric cannot be named as its dimension: " + name);
            }
        }
        Recorded recorded = pending.computeIfAbsent(key, any -> new LinkedHashMap<>())
                .computeIfAbsent(name, any -> new Recorded(unit));
        if (!recorded.unit.equals(unit)) {
            throw new IllegalArgumentException(name + " is recorded in " + recorded.unit + ", not " + unit);
        }
        return recorded;
    }

    /** The {@code index}th document of one dimension set: its counts in the first, its timings' values in turn. */
    private String document(long timestamp, List<Dimension> dimensions, Map<String, Recorded> metrics, int index) {
        ObjectNode root = Json.object();
        ObjectNode directive = root.putObject("_aws").put("Timestamp", timestamp)
                .putArray("CloudWatchMetrics").addObject().put("Namespace", namespace);
        ArrayNode names = directive.putArray("Dimensions").addArray();
        ArrayNode declared = directive.putArray("Metrics");
        for (Dimension dimension : dimensions) {
            names.add(dimension.name());
            root.put(dimension.name(), dimension.value());
        }
        metrics.forEach((name, metric) -> {
            if (metric.unit.equals(COUNT)) {
                if (index == 0) {
                    declared.addObject().put("Name", name).put("Unit", COUNT);
                    root.put(name, metric.count);
                }
                return;
            }
            int from = index * VALUES_PER_DOCUMENT;
            if (from < metric.values.size()) {
                declared.addObject().put("Name", name).put("Unit", MILLISECONDS);
                ArrayNode values = root.putArray(name);
                metric.values.subList(from, Math.min(metric.values.size(), from + VALUES_PER_DOCUMENT))
                        .forEach(values::add);
            }
        });
        return Json.write(root);
    }

    /** One metric of one dimension set: a sum, or timings. */
    private static final class Recorded {
        private final String unit;
        private final List<Double> values = new ArrayList<>();
        private long count;

        Recorded(String unit) {
            this.unit = unit;
        }
    }
}
