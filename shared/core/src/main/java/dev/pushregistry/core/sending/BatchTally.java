package dev.pushregistry.core.sending;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What a batch did, counted as it happens (from the threads answers arrive on): outcomes recorded,
 * pushes refused for our credentials or request (by app, with the first reason), pushes the service
 * could not take; logged once at the end and reported for the batch's metrics.
 */
final class BatchTally {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverySender.class);

    private final Map<DeliveryOutcome, Integer> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger configurationErrors = new AtomicInteger();
    private final Map<String, AtomicInteger> configurationErrorsByApp = new ConcurrentHashMap<>();
    private final AtomicInteger unavailable = new AtomicInteger();
    private volatile String firstConfigurationError;

    /** Counts an answer that is the push service's trouble or ours. */
    void answer(Delivery delivery, PushResult answer) {
        if (answer instanceof PushResult.Misconfigured misconfigured) {
            if (configurationErrors.getAndIncrement() == 0) {
                firstConfigurationError = misconfigured.reason();
            }
            configurationErrorsByApp.computeIfAbsent(delivery.appId(), app -> new AtomicInteger()).incrementAndGet();
        } else if (answer instanceof PushResult.Unavailable) {
            unavailable.incrementAndGet();
        }
    }

    /** Counts an outcome that was recorded. */
    void recorded(DeliveryOutcome outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }

    BatchReport report(int deferred, List<Double> latenciesMillis) {
        Map<String, Integer> byApp = new HashMap<>();
        configurationErrorsByApp.forEach((app, count) -> byApp.put(app, count.get()));
        return new BatchReport(outcomes, byApp, unavailable.get(), deferred, latenciesMillis);
    }

    /**
     * The batch's one INFO line, its tally as keys; an ERROR line besides when pushes were
     * refused for our credentials or request (the push service's first reason in it), since each
     * such delivery is logged only at DEBUG.
     */
    void log(String provider, List<String> requestIds, int groups, int pushed, int deferred) {
        LoggingEventBuilder line = LOG.atInfo().addKeyValue("provider", provider)
                .addKeyValue("send_request_ids", String.join(",", requestIds))
                .addKeyValue("groups", groups).addKeyValue("pushed", pushed).addKeyValue("deferred", deferred);
        Map<DeliveryOutcome, Integer> sorted = new TreeMap<>(outcomes);
        sorted.forEach((outcome, count) -> line.addKeyValue(outcome.wire(), count));
        line.addKeyValue("unavailable", unavailable.get()).addKeyValue("configuration_errors", configurationErrors.get())
                .log("{} batch of {} groups: {} pushed, outcomes {}", provider, groups, pushed, sorted);
        if (configurationErrors.get() > 0) {
            LOG.atError().addKeyValue("provider", provider).addKeyValue("configuration_errors", configurationErrors.get())
                    .log("{} refused {} pushes of the batch for our credentials or request: {}", provider,
                            configurationErrors.get(), firstConfigurationError);
        }
    }
}
