package dev.pushregistry.core.concurrency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs work on many items with at most a fixed number at once, on daemon threads that go away when
 * idle: for calls that wait on the network, not the CPU.
 */
public final class BoundedParallel {
    private final ExecutorService workers;

    /**
     * @param limit how many items are worked on at once
     * @param threadName what the worker threads are called
     */
    public BoundedParallel(int limit, String threadName) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(limit, limit, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, threadName);
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
    }

    /** Runs {@code work} on a worker; the future fails as the work does. */
    public <R> CompletableFuture<R> submit(Supplier<R> work) {
        return CompletableFuture.supplyAsync(work, workers);
    }

    /**
     * Runs {@code work} on every item and answers the results in the items' order. A failure of any
     * item is rethrown once all have finished.
     */
    public <T, R> Map<T, R> apply(List<T> items, Function<T, R> work) {
        Map<T, CompletableFuture<R>> futures = new LinkedHashMap<>();
        for (T item : items) {
            futures.put(item, CompletableFuture.supplyAsync(() -> work.apply(item), workers));
        }
        Map<T, R> results = new LinkedHashMap<>();
        RuntimeException failure = null;
        for (Map.Entry<T, CompletableFuture<R>> entry : futures.entrySet()) {
            try {
                results.put(entry.getKey(), entry.getValue().join());
            } catch (CompletionException failed) {
                if (failure == null) {
                    failure = failed.getCause() instanceof RuntimeException runtime ? runtime : failed;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }
}
