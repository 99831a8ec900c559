package dev.pushregistry.logging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The invocation a function is handling, as every log line written meanwhile carries it: Lambda's
 * request id, the function's name, whether it is the container's first invocation (a cold start),
 * and the invocation's own keys (the API request id and route of a request).
 *
 * <p>Lambda hands a container one invocation at a time, so the invocation is also held for the
 * whole process: the lines a sender's push and table threads write carry it too. The thread that
 * handles the invocation holds it as its own besides, so that where several functions share a JVM
 * and run at once ({@code ./run-local}), each handler thread's lines carry its own invocation.
 */
public final class Invocation {
    private static final Object LOCK = new Object();
    private static final ThreadLocal<Map<String, String>> HANDLING = new ThreadLocal<>();
    private static Map<String, String> latest = Map.of();
    private static boolean coldStart = true;
    private static volatile boolean priming;

    private Invocation() {
    }

    /**
     * Starts an invocation on this thread: until {@link #end}, every line carries these keys.
     *
     * @param requestId Lambda's request id ({@code function_request_id}), or null outside Lambda
     * @param functionName the function's name ({@code function_name}), or null outside Lambda
     */
    public static void begin(String requestId, String functionName) {
        synchronized (LOCK) {
            Map<String, String> keys = new LinkedHashMap<>();
            put(keys, "function_name", functionName);
            put(keys, "function_request_id", requestId);
            keys.put("cold_start", Boolean.toString(coldStart));
            coldStart = false;
            hold(keys);
        }
    }

    /** Adds a key of this thread's invocation (such as {@code route}), carried by its lines from now on. */
    public static void put(String key, String value) {
        synchronized (LOCK) {
            Map<String, String> keys = new LinkedHashMap<>(keys());
            put(keys, key, value);
            hold(keys);
        }
    }

    /** Removes keys of this thread's invocation. */
    public static void remove(String... names) {
        synchronized (LOCK) {
            Map<String, String> keys = new LinkedHashMap<>(keys());
            for (String name : names) {
                keys.remove(name);
            }
            hold(keys);
        }
    }

    /** Ends this thread's invocation: its lines carry no invocation keys until the next begins. */
    public static void end() {
        synchronized (LOCK) {
            if (latest == HANDLING.get()) {
                latest = Map.of();
            }
            HANDLING.remove();
        }
    }

    /**
     * The next invocation is a cold start again: what a function restored from a SnapStart snapshot
     * calls, since its container's first invocation comes after the restore.
     */
    public static void restored() {
        synchronized (LOCK) {
            coldStart = true;
        }
    }

    /**
     * Whether the function is priming itself (SnapStart's rehearsal before the snapshot): its
     * rehearsed requests are no traffic, so lines below {@code WARN} are not written meanwhile.
     */
    public static void priming(boolean on) {
        priming = on;
    }

    static boolean isPriming() {
        return priming;
    }

    /** The keys of this thread's invocation, else of the latest one begun (on a worker thread). */
    static Map<String, String> keys() {
        Map<String, String> own = HANDLING.get();
        if (own != null) {
            return own;
        }
        synchronized (LOCK) {
            return latest;
        }
    }

    private static void hold(Map<String, String> keys) {
        Map<String, String> held = Collections.unmodifiableMap(keys);
        HANDLING.set(held);
        latest = held;
    }

    private static void put(Map<String, String> keys, String key, String value) {
        if (value != null && !value.isEmpty()) {
            keys.put(key, value);
        }
    }
}
