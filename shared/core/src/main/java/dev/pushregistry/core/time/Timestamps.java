package dev.pushregistry.core.time;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** How the registry writes and reads times: ISO-8601 UTC, millisecond precision. */
public final class Timestamps {
    /** Fixed width, so that stored times sort as text in the order they happened. */
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** {@code now} as the registry keeps it. */
    public static Instant truncate(Instant now) {
        return now.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The ISO-8601 text of an instant, as in {@code 2026-11-22T10:00:00.123Z}. */
    public static String format(Instant instant) {
        return SORTABLE.format(instant);
    }

    public static Instant parse(String text) {
        return Instant.parse(text);
    }

    /** {@code instant} in microseconds since the epoch (registration versions and history orders). */
    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** The instant {@code micros} microseconds after the epoch. */
    public static Instant ofMicros(long micros) {
        return Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1_000L));
    }
}
