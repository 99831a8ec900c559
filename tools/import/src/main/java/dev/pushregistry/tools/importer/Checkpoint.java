package dev.pushregistry.tools.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * How far an import of a file got: every row up to {@code rowsDone} was imported (or refused and
 * reported). Written after each batch that moves it on, by writing a new file and moving it into
 * place, so an import cut off at any moment leaves a checkpoint that holds; a later run of the same
 * file starts after it. Rows after it that had been imported already are skipped by the registry.
 *
 * @param file the imported file, as an absolute path
 * @param size the file's size when it was imported: another file of the same name starts afresh
 * @param rowsDone the last row of the done prefix
 */
record Checkpoint(String file, long size, long rowsDone) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The checkpoint of {@code input} in {@code checkpointFile}; none (0 rows done) if it is of another file. */
    static Checkpoint load(Path checkpointFile, Path input) throws IOException {
        Checkpoint fresh = new Checkpoint(input.toAbsolutePath().toString(), Files.size(input), 0);
        if (!Files.exists(checkpointFile)) {
            return fresh;
        }
        JsonNode saved = JSON.readTree(checkpointFile.toFile());
        Checkpoint checkpoint = new Checkpoint(saved.path("file").asText(), saved.path("size").asLong(),
                saved.path("rows_done").asLong());
        return checkpoint.file().equals(fresh.file()) && checkpoint.size() == fresh.size() ? checkpoint : fresh;
    }

    Checkpoint movedTo(long rows) {
        return new Checkpoint(file, size, rows);
    }

    void save(Path checkpointFile) {
        try {
            Path temporary = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tmp");
            JSON.writeValue(temporary.toFile(), JSON.createObjectNode().put("file", file).put("size", size)
                    .put("rows_done", rowsDone));
            Files.move(temporary, checkpointFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException failure) {
            throw new UncheckedIOException("could not write the checkpoint " + checkpointFile, failure);
        }
    }
}
