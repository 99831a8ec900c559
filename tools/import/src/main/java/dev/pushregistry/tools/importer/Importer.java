package dev.pushregistry.tools.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams a file's rows through {@code POST /v1/devices/import}: rows become devices (a
 * {@link Mapping}), devices go in batches (a row is never split between two), at most
 * {@code concurrency} batches are in flight, a batch the registry answers {@code 429} or {@code 5xx}
 * (or that cannot reach it) is sent again after a back-off that doubles with jitter, and the
 * checkpoint moves past every row of the batches done in order. Any other refusal of a whole batch
 * (a wrong key, say) stops the import where the checkpoint is.
 */
final class Importer {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How to import.
     *
     * @param endpoint the registry's API, such as {@code http://127.0.0.1:3000}
     * @param serverKey a server key
     * @param batchSize devices per call, at most 500
     * @param concurrency calls in flight at once
     * @param maxAttempts tries of a batch before the import stops
     * @param firstBackOff the pause before the first retry
     */
    record Settings(URI endpoint, String serverKey, Mapping mapping, Mapping.Defaults defaults, int batchSize,
                    int concurrency, int maxAttempts, Duration firstBackOff, boolean dryRun) {
        Settings {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(serverKey, "serverKey");
            if (batchSize < 1 || batchSize > 500) {
                throw new IllegalArgumentException("a batch is 1 to 500 devices");
            }
            if (concurrency < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("concurrency and attempts are at least 1");
            }
        }
    }

    /**
     * What an import did.
     *
     * @param rowsDone the checkpoint: every row up to it is done
     * @param stoppedBy why it stopped before the end, or {@code null} when it reached it
     */
    record Summary(long rowsDone, long created, long updated, long skipped, long refused, long retries,
                   Duration elapsed, double rowsPerSecond, String stoppedBy) {
    }

    private final Settings settings;
    private final HttpClient http;
    private final Retry retry;
    private volatile boolean stopping;

    Importer(Settings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
        this.retry = Retry.of("import", RetryConfig.<HttpResponse<String>>custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.firstBackOff(), 2.0, 0.5,
                        Duration.ofSeconds(30)))
                .retryOnResult(response -> response.statusCode() == 429 || response.statusCode() >= 500)
                .retryExceptions(IOException.class)
                .build());
    }

    /** Stops taking new rows; the batches in flight finish and the checkpoint holds them. */
    void stop() {
        stopping = true;
    }

    /** A batch: its devices, each with its row, and the rows it covers. */
    private record Batch(int number, long firstRow, long lastRow, List<Long> rows, List<JsonNode> devices) {
    }

    Summary run(Path file, Rows.Format format, Path checkpointFile, Path reportFile, PrintStream progressOut,
                boolean showProgress) throws IOException, InterruptedException {
        Checkpoint start = Checkpoint.load(checkpointFile, file);
        Progress progress = new Progress(progressOut, Rows.count(file, format), start.rowsDone());
        AtomicReference<String> fatal = new AtomicReference<>();
        ExecutorService senders = Executors.newFixedThreadPool(settings.concurrency());
        ScheduledExecutorService drawing = Executors.newSingleThreadScheduledExecutor();
        Semaphore inFlight = new Semaphore(settings.concurrency());
        if (showProgress) {
            drawing.scheduleAtFixedRate(progress::draw, 0, 250, TimeUnit.MILLISECONDS);
        }
        CheckpointTracker tracker;
        try (RefusedReport report = RefusedReport.open(reportFile, start.rowsDone());
             Rows rows = Rows.open(file, format)) {
            tracker = new CheckpointTracker(start, checkpointFile, progress, report);
            List<Long> batchRows = new ArrayList<>();
            List<JsonNode> batchDevices = new ArrayList<>();
            long firstRow = start.rowsDone() + 1;
            int number = 0;
            while (rows.hasNext() && !stopping && fatal.get() == null) {
                Rows.Row row = rows.next();
                if (row.number() <= start.rowsDone()) {
                    continue;
                }
                List<ObjectNode> devices;
                if (row.problem() != null) {
                    report.refused(row.number(), "unreadable_row", row.problem(), null, null);
                    progress.refused.incrementAndGet();
                    devices = List.of();
                } else {
                    devices = settings.mapping().devices(row.fields(), settings.defaults());
                }
                if (batchDevices.size() + devices.size() > settings.batchSize() && !batchDevices.isEmpty()) {
                    Batch batch = new Batch(number++, firstRow, row.number() - 1, batchRows, batchDevices);
                    submit(batch, senders, inFlight, tracker, report, progress, fatal);
                    batchRows = new ArrayList<>();
                    batchDevices = new ArrayList<>();
                    firstRow = row.number();
                }
                for (ObjectNode device : devices) {
                    batchRows.add(row.number());
                    batchDevices.add(device);
                }
                if (!rows.hasNext() || batchDevices.size() >= settings.batchSize()) {
                    Batch batch = new Batch(number++, firstRow, row.number(), batchRows, batchDevices);
                    submit(batch, senders, inFlight, tracker, report, progress, fatal);
                    batchRows = new ArrayList<>();
                    batchDevices = new ArrayList<>();
                    firstRow = row.number() + 1;
                }
            }
            senders.shutdown();
            senders.awaitTermination(1, TimeUnit.DAYS);
        } finally {
            drawing.shutdownNow();
            senders.shutdownNow();
        }
        if (showProgress) {
            progress.draw();
            progressOut.println();
        }
        String stoppedBy = fatal.get() != null ? fatal.get() : stopping ? "stopped" : null;
        return new Summary(tracker.checkpoint.rowsDone(), progress.created.get(), progress.updated.get(),
                progress.skipped.get(), progress.refused.get(), progress.retries.get(), progress.elapsed(),
                progress.rate(), stoppedBy);
    }

    private void submit(Batch batch, ExecutorService senders, Semaphore inFlight, CheckpointTracker tracker,
                        RefusedReport report, Progress progress, AtomicReference<String> fatal)
            throws InterruptedException {
        inFlight.acquire();
        senders.submit(() -> {
            try {
                if (!batch.devices().isEmpty()) {
                    send(batch, report, progress);
                }
                tracker.done(batch);
            } catch (RuntimeException | IOException failure) {
                fatal.compareAndSet(null, failure.getMessage());
                stopping = true;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                fatal.compareAndSet(null, "interrupted");
            } finally {
                inFlight.release();
            }
        });
    }

    private void send(Batch batch, RefusedReport report, Progress progress) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("dry_run", settings.dryRun());
        ArrayNode devices = body.putArray("devices");
        batch.devices().forEach(devices::add);
        HttpRequest request = HttpRequest.newBuilder(settings.endpoint().resolve("/v1/devices/import"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + settings.serverKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = Retry.decorateCheckedSupplier(retry, () -> {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 429 || answer.statusCode() >= 500) {
                    progress.retries.incrementAndGet();
                }
                return answer;
            }).get();
        } catch (IOException | InterruptedException | RuntimeException failure) {
            throw failure;
        } catch (Throwable other) {
            throw new IllegalStateException(other);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the registry answered " + response.statusCode() + " for rows "
                    + batch.firstRow() + " to " + batch.lastRow() + ": " + response.body());
        }
        JsonNode results = JSON.readTree(response.body()).path("results");
        for (JsonNode result : results) {
            int index = result.path("index").asInt();
            switch (result.path("result").asText()) {
                case "created" -> progress.created.incrementAndGet();
                case "updated" -> progress.updated.incrementAndGet();
                case "skipped" -> progress.skipped.incrementAndGet();
                default -> {
                    progress.refused.incrementAndGet();
                    report.refused(batch.rows().get(index), result.path("code").asText(),
                            result.path("message").asText(), result.path("field").asText(null),
                            batch.devices().get(index));
                }
            }
        }
    }

    /** Moves the checkpoint past the batches done in order, and counts the rows of each batch done. */
    private static final class CheckpointTracker {
        private final TreeMap<Integer, Long> doneOutOfOrder = new TreeMap<>();
        private final Path file;
        private final Progress progress;
        private final RefusedReport report;
        private Checkpoint checkpoint;
        private int next;

        CheckpointTracker(Checkpoint start, Path file, Progress progress, RefusedReport report) {
            this.checkpoint = start;
            this.file = file;
            this.progress = progress;
            this.report = report;
        }

        synchronized void done(Batch batch) {
            progress.rowsDone.addAndGet(batch.lastRow() - batch.firstRow() + 1);
            doneOutOfOrder.put(batch.number(), batch.lastRow());
            long moved = checkpoint.rowsDone();
            while (doneOutOfOrder.containsKey(next)) {
                moved = doneOutOfOrder.remove(next++);
            }
            if (moved != checkpoint.rowsDone()) {
                report.flush();
                checkpoint = checkpoint.movedTo(moved);
                checkpoint.save(file);
            }
        }
    }
}
