package dev.pushregistry.core.time;

/**
 * How long the invocation at hand has left before Lambda stops it ({@code Context}'s remaining
 * time), asked again each time it matters.
 */
@FunctionalInterface
public interface TimeLeft {
    /** An invocation that is never stopped: a JVM that calls the function itself (tests, tools). */
    TimeLeft UNLIMITED = () -> Long.MAX_VALUE;

    /** Milliseconds left now. */
    long millis();
}
