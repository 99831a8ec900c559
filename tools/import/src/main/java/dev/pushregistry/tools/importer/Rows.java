package dev.pushregistry.tools.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * The rows of an export file, one at a time: JSON lines (one object per line, blank lines passed
 * over) or CSV with a header row (each row an object of texts by column name). Rows are numbered
 * from 1 as the file has them (a CSV's header is not a row), so a report can name them.
 */
final class Rows implements Iterator<Rows.Row>, Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One row: its number, and its fields or why it could not be read.
     *
     * @param fields the row's fields, or {@code null} when it could not be read
     * @param problem why it could not be read, or {@code null}
     */
    record Row(long number, JsonNode fields, String problem) {
    }

    /** The formats a file may be in. */
    enum Format { JSON_LINES, CSV;

        /** By the file's name: {@code .csv} is CSV, anything else JSON lines. */
        static Format of(Path file) {
            return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? CSV : JSON_LINES;
        }
    }

    private final Iterator<Row> rows;
    private final Closeable source;

    private Rows(Iterator<Row> rows, Closeable source) {
        this.rows = rows;
        this.source = source;
    }

    /** Opens {@code file} in {@code format}. */
    static Rows open(Path file, Format format) throws IOException {
        if (format == Format.CSV) {
            MappingIterator<Map<String, String>> csv = new CsvMapper()
                    .readerFor(Map.class)
                    .with(CsvSchema.emptySchema().withHeader())
                    .readValues(Files.newBufferedReader(file, StandardCharsets.UTF_8));
            Iterator<Row> rows = new Iterator<>() {
                private long number;

                @Override
                public boolean hasNext() {
                    return csv.hasNext();
                }

                @Override
                public Row next() {
                    number++;
                    try {
                        Map<String, String> values = csv.nextValue();
                        ObjectNode fields = JSON.createObjectNode();
                        values.forEach(fields::put);
                        return new Row(number, fields, null);
                    } catch (IOException | RuntimeException unreadable) {
                        return new Row(number, null, "not a CSV row: " + unreadable.getMessage());
                    }
                }
            };
            return new Rows(rows, csv);
        }
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        Iterator<String> lines = reader.lines().iterator();
        Iterator<Row> rows = new Iterator<>() {
            private long number;
            private String pending;

            @Override
            public boolean hasNext() {
                while (pending == null && lines.hasNext()) {
                    number++;
                    String line = lines.next();
                    if (!line.isBlank()) {
                        pending = line;
                    }
                }
                return pending != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String line = pending;
                pending = null;
                try {
                    JsonNode fields = JSON.readTree(line);
                    return fields != null && fields.isObject() ? new Row(number, fields, null)
                            : new Row(number, null, "not a JSON object");
                } catch (JsonProcessingException unreadable) {
                    return new Row(number, null, "not JSON: " + unreadable.getOriginalMessage());
                }
            }
        };
        return new Rows(rows, reader);
    }

    /** How many rows a file has, for the progress bar: one pass that reads lines, not JSON. */
    static long count(Path file, Format format) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            long nonBlank = lines.filter(line -> !line.isBlank()).count();
            return format == Format.CSV ? Math.max(0, nonBlank - 1) : nonBlank;
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    @Override
    public boolean hasNext() {
        return rows.hasNext();
    }

    @Override
    public Row next() {
        return rows.next();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
