package dev.pushregistry.testing;

import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts the requests a client makes, by operation ({@code SendMessageBatch}, {@code ReceiveMessage},
 * ...), failed ones included: what a service that charges per request bills.
 */
public final class RequestCounter implements ExecutionInterceptor {
    private final Map<String, Integer> counts = new TreeMap<>();

    @Override
    public synchronized void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(context.request().getClass().getSimpleName());
    }

    @Override
    public synchronized void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        count(context.request().getClass().getSimpleName());
    }

    private void count(String requestClass) {
        counts.merge(requestClass.replaceFirst("Request$", ""), 1, Integer::sum);
    }

    /** Starts a new count. */
    public synchronized void reset() {
        counts.clear();
    }

    /** The requests since the last reset. */
    public synchronized int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The requests since the last reset, by operation. */
    public synchronized Map<String, Integer> byOperation() {
        return Map.copyOf(counts);
    }
}
