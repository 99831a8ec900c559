package dev.pushregistry.tools.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows an import could not bring in, one JSON line each: {@code row} (its number in the file),
 * {@code code}, {@code message} and {@code field} as the registry gave them (or
 * {@code unreadable_row} for a row that is not JSON or CSV), and the {@code device} sent. A resumed
 * import keeps the lines of the rows its checkpoint covers and writes the rest again.
 */
final class RefusedReport implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter out;
    private long written;

    private RefusedReport(BufferedWriter out, long kept) {
        this.out = out;
        this.written = kept;
    }

    /** Opens the report, keeping the lines of rows up to {@code rowsDone} from an earlier run. */
    static RefusedReport open(Path file, long rowsDone) throws IOException {
        List<String> kept = new ArrayList<>();
        if (rowsDone > 0 && Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && JSON.readTree(line).path("row").asLong() <= rowsDone) {
                    kept.add(line);
                }
            }
        }
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        for (String line : kept) {
            out.write(line);
            out.newLine();
        }
        return new RefusedReport(out, kept.size());
    }

    synchronized void refused(long row, String code, String message, String field, JsonNode device) {
        ObjectNode line = JSON.createObjectNode().put("row", row).put("code", code).put("message", message);
        if (field != null) {
            line.put("field", field);
        }
        if (device != null) {
            line.set("device", device);
        }
        try {
            out.write(JSON.writeValueAsString(line));
            out.newLine();
            written++;
        } catch (IOException failure) {
            throw new UncheckedIOException("could not write the report", failure);
        }
    }

    /** Writes what is buffered, so that the report holds every row a checkpoint covers. */
    synchronized void flush() {
        try {
            out.flush();
        } catch (IOException failure) {
            throw new UncheckedIOException("could not write the report", failure);
        }
    }

    /** Lines in the report, kept ones included. */
    synchronized long lines() {
        return written;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
