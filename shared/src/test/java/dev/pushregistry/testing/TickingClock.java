package dev.pushregistry.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A test clock that moves forward by a small step on every reading, as real time does between
 * requests, and that a test can move forward by days at once.
 */
public final class TickingClock extends Clock {
    private static final Duration STEP = Duration.ofMillis(3);

    private Instant now;

    public TickingClock(Instant start) {
        this.now = start;
    }

    public static TickingClock startingAt(String isoInstant) {
        return new TickingClock(Instant.parse(isoInstant));
    }

    /**
     * A clock that starts at the wall clock's current second. Tests whose items land in DynamoDB
     * Local need it: the emulator's TTL job deletes every item whose {@code expires_at} lies in
     * the real past, within a second or two, so a clock behind the wall clock makes records vanish
     * in the middle of a test.
     */
    public static TickingClock startingNow() {
        return new TickingClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    public synchronized Instant instant() {
        Instant reading = now;
        now = now.plus(STEP);
        return reading;
    }

    /** The time the next reading will give, without moving the clock. */
    public synchronized Instant peek() {
        return now;
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock stays in UTC");
    }
}
