package dev.pushregistry.logging;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The invocation a function is handling, as every log line written meanwhile carries it: Lambda's
 * request id, the function's name, whether it is the container's first invocation (a cold start),
 * and the invocation's own keys (the API request id and route of a request).
 *
 * <p>Lambda hands a container one invocation at a time, so the invocation is held for the whole
 * process, not per thread: the lines a sender's push and table threads write carry it too.
 */
public final class Invocation {
    private static final Object LOCK = new Object();
    private static Map<String, String> current = Map.of();
    private static boolean coldStart = true;

    private Invocation() {
    }

    /**
     * Starts an invocation: until {@link #end}, every line carries these keys.
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
            current = keys;
        }
    }

    /** Adds a key of the current invocation (such as {@code route}), carried by its lines from now on. */
    public static void put(String key, String value) {
        synchronized (LOCK) {
            Map<String, String> keys = new LinkedHashMap<>(current);
            put(keys, key, value);
            current = keys;
        }
    }

    /** Removes keys of the current invocation. */
    public static void remove(String... keys) {
        synchronized (LOCK) {
            Map<String, String> left = new LinkedHashMap<>(current);
            for (String key : keys) {
                left.remove(key);
            }
            current = left;
        }
    }

    /** Ends the invocation: lines carry no invocation keys until the next begins. */
    public static void end() {
        synchronized (LOCK) {
            current = Map.of();
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

    /** The current invocation's keys, in the order they were given. */
    static Map<String, String> keys() {
        synchronized (LOCK) {
            return current;
        }
    }

    private static void put(Map<String, String> keys, String key, String value) {
        if (value != null && !value.isEmpty()) {
            keys.put(key, value);
        }
    }
}
