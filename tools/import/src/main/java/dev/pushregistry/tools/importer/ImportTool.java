package dev.pushregistry.tools.importer;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code tools/import/import FILE}: brings the devices of an export into the registry through
 * {@code POST /v1/devices/import}. Exit status 0 when the file was imported to its end (refused rows
 * are in the report), 1 when the import stopped (the checkpoint says where; run the same command
 * again to go on), 2 for wrong arguments.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Imports devices into Push Registry from a JSON-lines or CSV file.")
public final class ImportTool implements Callable<Integer> {
    @Parameters(index = "0", description = "the export: .csv (with a header row) or JSON lines")
    Path file;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:3000", description = "the registry's API (default: ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--key", defaultValue = "${env:PUSH_REGISTRY_SERVER_KEY}",
            description = "a server key (default: $PUSH_REGISTRY_SERVER_KEY)")
    String key;

    @Option(names = "--format", defaultValue = "registry",
            description = "how rows map to devices: registry, sns, braze, customerio (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--app", description = "the app of rows that name none (required with several apps)")
    String app;

    @Option(names = "--platform", description = "ios or android, for rows that say none (SNS: the application's)")
    String platform;

    @Option(names = "--apns-environment", description = "production or development, for rows that say none")
    String apnsEnvironment;

    @Option(names = "--last-used", description = "last_used of rows that say none, ISO-8601"
            + " (default: the file's modification time, so a rerun imports the same times)")
    Instant lastUsed;

    @Option(names = "--person-from-user-data", description = "SNS: CustomUserData is the device's owner")
    boolean personFromUserData;

    @Option(names = "--batch-size", defaultValue = "500", description = "devices per call, 1 to 500 (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--concurrency", defaultValue = "4", description = "calls in flight (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--max-attempts", defaultValue = "8",
            description = "tries of a call answered 429 or 5xx before the import stops (default: ${DEFAULT-VALUE})")
    int maxAttempts;

    @Option(names = "--checkpoint", description = "where progress is kept (default: FILE.checkpoint)")
    Path checkpoint;

    @Option(names = "--report", description = "where refused rows go, JSON lines (default: FILE.refused.jsonl)")
    Path report;

    @Option(names = "--dry-run", description = "say what would happen and write nothing (checkpoint and report: FILE.dry-run.*)")
    boolean dryRun;

    @Option(names = "--no-progress", description = "no progress bar (a summary line at the end only)")
    boolean noProgress;

    public static void main(String[] arguments) {
        System.exit(new CommandLine(new ImportTool()).execute(arguments));
    }

    @Override
    public Integer call() throws Exception {
        if (key == null || key.isBlank()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give a server key: --key or PUSH_REGISTRY_SERVER_KEY");
        }
        Mapping mapping = Mapping.valueOf(format.toUpperCase(Locale.ROOT));
        Instant defaultLastUsed = lastUsed != null ? lastUsed : Files.getLastModifiedTime(file).toInstant();
        Path checkpointFile = checkpoint != null ? checkpoint : sibling(dryRun ? ".dry-run.checkpoint" : ".checkpoint");
        Path reportFile = report != null ? report : sibling(dryRun ? ".dry-run.refused.jsonl" : ".refused.jsonl");
        Importer importer = new Importer(new Importer.Settings(url, key, mapping,
                new Mapping.Defaults(app, platform, apnsEnvironment, defaultLastUsed, personFromUserData),
                batchSize, concurrency, maxAttempts, Duration.ofMillis(500), dryRun),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        // Ctrl-C: take no more rows, let the calls in flight finish and the checkpoint hold them
        CountDownLatch finished = new CountDownLatch(1);
        Thread interrupted = new Thread(() -> {
            importer.stop();
            try {
                finished.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(interrupted);
        Importer.Summary summary;
        try {
            summary = importer.run(file, Rows.Format.of(file), checkpointFile, reportFile, System.err, !noProgress);
        } finally {
            finished.countDown();
        }
        System.out.printf(Locale.ROOT, "import: rows_done=%d created=%d updated=%d skipped=%d refused=%d retries=%d"
                        + " seconds=%.1f rows_per_s=%.0f%s%n",
                summary.rowsDone(), summary.created(), summary.updated(), summary.skipped(), summary.refused(),
                summary.retries(), summary.elapsed().toMillis() / 1000.0, summary.rowsPerSecond(),
                summary.stoppedBy() == null ? "" : " stopped=\"" + summary.stoppedBy() + "\"");
        try {
            Runtime.getRuntime().removeShutdownHook(interrupted);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and waits for this summary
        }
        if (summary.refused() > 0) {
            System.out.println("refused rows: " + reportFile);
        }
        return summary.stoppedBy() == null ? 0 : 1;
    }

    private Path sibling(String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
