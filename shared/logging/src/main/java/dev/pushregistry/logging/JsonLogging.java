package dev.pushregistry.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The functions' SLF4J provider (found by SLF4J through {@code META-INF/services}): every logger
 * writes each line as one JSON object on standard output ({@link LogLine}), which Lambda sends to
 * CloudWatch Logs as it is, whether the function's log format is text or JSON.
 *
 * <p>Set from the environment when SLF4J starts:
 *
 * <ul>
 *   <li>the level: {@code AWS_LAMBDA_LOG_LEVEL} (what Lambda sets from the template's
 *       {@code LoggingConfig.ApplicationLogLevel}), else {@code LOG_LEVEL}, else {@code INFO};
 *       {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN}, {@code ERROR} or {@code FATAL}
 *       (as {@code ERROR}). The project's own loggers ({@code dev.pushregistry}) log from that
 *       level; libraries' (the AWS SDK, Netty, Pushy, Firebase) from {@code WARN} at the least, so
 *       that a debugging session never writes their request dumps;</li>
 *   <li>{@code LOG_FORMAT=text}: a line a person reads instead ({@code ./run-local} offers it).</li>
 * </ul>
 *
 * <p>Not Powertools' logging module or Logback: in a fresh JVM here, with the template's JVM
 * options, writing a first JSON line through Powertools' Log4j 2 layout took about 1 s and
 * Logback's JSON encoder about 200 ms, against about 40 ms for a plain SLF4J provider, on a
 * function whose whole cold start is under a second. This provider is the plain one, writing JSON.
 */
public final class JsonLogging implements SLF4JServiceProvider {
    /** The project's loggers, which log from the configured level; others from {@code WARN} at least. */
    static final String PROJECT = "dev.pushregistry";

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final BasicMarkerFactory markers = new BasicMarkerFactory();
    private final BasicMDCAdapter mdc = new BasicMDCAdapter();
    /** Standard output as it is when a line is written, not when SLF4J started (a test may replace it). */
    private final LogSettings settings = LogSettings.from(System.getenv(), line -> System.out.println(line));

    @Override
    public ILoggerFactory getLoggerFactory() {
        return new Factory(this);
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
    }

    /** One logger per name, writing with the provider's settings. */
    private static final class Factory implements ILoggerFactory {
        private final JsonLogging provider;

        Factory(JsonLogging provider) {
            this.provider = provider;
        }

        @Override
        public Logger getLogger(String name) {
            return provider.loggers.computeIfAbsent(name, any -> new JsonLogger(name, provider.settings));
        }
    }
}
