package dev.pushregistry.tools.importer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The progress line: a bar, rows done of the total, the rate since the start, the time left at that
 * rate, and the counts so far; redrawn in place ({@code \r}) a few times a second.
 */
final class Progress {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final long total;
    private final long startRow;
    private final long startNanos = System.nanoTime();
    final AtomicLong rowsDone = new AtomicLong();
    final AtomicLong created = new AtomicLong();
    final AtomicLong updated = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong retries = new AtomicLong();

    /**
     * @param total the file's rows
     * @param startRow the rows a checkpoint had done already
     */
    Progress(PrintStream out, long total, long startRow) {
        this.out = out;
        this.total = total;
        this.startRow = startRow;
        rowsDone.set(startRow);
    }

    /** Rows per second since this run started. */
    double rate() {
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        return (rowsDone.get() - startRow) / seconds;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    String line() {
        long done = rowsDone.get();
        double fraction = total == 0 ? 1 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double rate = rate();
        String eta = rate <= 0 ? "--:--" : clock(Duration.ofSeconds((long) ((total - done) / rate)));
        return String.format("[%s%s] %,d/%,d rows %3d%%  %,.0f rows/s  ETA %s  created %,d updated %,d skipped %,d"
                        + " refused %,d%s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, Math.round(fraction * 100), rate, eta,
                created.get(), updated.get(), skipped.get(), refused.get(),
                retries.get() == 0 ? "" : String.format("  retries %,d", retries.get()));
    }

    void draw() {
        out.print("\r" + line());
        out.flush();
    }

    private static String clock(Duration duration) {
        long seconds = duration.getSeconds();
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
