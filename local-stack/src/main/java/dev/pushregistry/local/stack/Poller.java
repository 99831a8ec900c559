package dev.pushregistry.local.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What the local event source mappings share: a daemon thread that polls its source round after
 * round until closed, pauses after a round that found nothing (when the source does not wait by
 * itself) and after a failed call, and is joined on close.
 */
abstract class Poller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
    /** The pause after a call to the source failed. */
    private static final long FAILURE_PAUSE_MILLIS = 500;

    private final String source;
    private final long idleMillis;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param source what is polled, for the log
     * @param threadName the polling thread's name
     * @param idleMillis the pause after a round that found nothing (0: the round itself waits)
     */
    Poller(String source, String threadName, long idleMillis) {
        this.source = source;
        this.idleMillis = idleMillis;
        this.thread = new Thread(this::poll, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** One round of polling; whether it found anything. */
    protected abstract boolean pollOnce();

    /** Whether the poller is still to run (false once closed or interrupted). */
    protected final boolean running() {
        return running;
    }

    /** Waits {@code millis}; an interrupt stops the poller. */
    protected final void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void poll() {
        while (running) {
            try {
                if (!pollOnce() && idleMillis > 0) {
                    pause(idleMillis);
                }
            } catch (SdkException failure) {
                if (running) {
                    LOG.warn("polling {} failed: {}", source, failure.getMessage());
                    pause(FAILURE_PAUSE_MILLIS);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(3_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
