package dev.pushregistry.aws;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.pushregistry.logging.Invocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function's SnapStart hooks ({@code org.crac}), which Lambda runs before it takes the snapshot
 * of an initialized function and after it restores a container from it.
 *
 * <ul>
 *   <li><b>Before the snapshot</b> the function is primed: a copy of it is wired from
 *       {@linkplain Settings#offline offline settings} (AWS clients that answer every call on the
 *       spot, keys that accept the sample events) and handles the function's sample event, bundled
 *       in its jar, {@value #ROUNDS} times, as Lambda would hand it over (bytes in, bytes out). This
 *       loads and compiles the hot path (JSON, request checks, the registry's rules, item mapping,
 *       the SDK's marshalling, signing and unmarshalling) without touching any table, queue, secret
 *       or push service. The copy is then dropped; the function itself has made no call, so the
 *       snapshot holds no connection and no token.</li>
 *   <li><b>After a restore</b> everything a container must have of its own is renewed
 *       ({@link Restores}): AWS credentials and the API keys are fetched again on first use.</li>
 * </ul>
 */
public final class SnapStart implements Resource {
    /** How many times the primed copy handles the sample event. */
    static final int ROUNDS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(SnapStart.class);
    /**
     * What the primed copy is wired with: a table, queues and keys that exist nowhere (its clients
     * reach nothing), the keys being the ones the sample events carry.
     */
    private static final Map<String, String> OFFLINE = Map.of(
            "TABLE_NAME", "priming",
            "APP_KEYS", "local-app-key",
            "SERVER_KEYS", "local-server-key",
            "SEND_REQUESTS_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/000000000000/priming-send-requests",
            "QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/000000000000/priming",
            "DEAD_LETTER_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/000000000000/priming-dlq",
            "APNS_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/000000000000/priming-apns",
            "FCM_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/000000000000/priming-fcm",
            "EVENT_BUS_NAME", "priming");

    private final Function<Settings, ? extends RequestStreamHandler> copy;
    private final String sample;

    private SnapStart(Function<Settings, ? extends RequestStreamHandler> copy, String sample) {
        this.copy = Objects.requireNonNull(copy, "copy");
        this.sample = Objects.requireNonNull(sample, "sample");
    }

    /**
     * A function's hooks, for its handler to run when Lambda runs the handler's.
     *
     * @param copy the function wired from the settings given (offline ones, when priming)
     * @param sample the sample event's name in the jar's {@code priming/} folder, such as
     *     {@code register.json}
     */
    public static SnapStart of(Function<Settings, ? extends RequestStreamHandler> copy, String sample) {
        return new SnapStart(copy, sample);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        Restores.renewAll();
    }

    /**
     * Primes the function: its offline copy handles the sample event {@value #ROUNDS} times.
     *
     * @return the copy's last answer (empty when priming stopped early, which is logged: the
     *     function works the same without it)
     */
    public String prime() {
        long started = System.nanoTime();
        byte[] event = sampleEvent();
        RequestStreamHandler primed = copy.apply(Settings.offline(offlineVariables()));
        String last = "";
        Invocation.priming(true);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                primed.handleRequest(new ByteArrayInputStream(event), answer, null);
                last = answer.toString(StandardCharsets.UTF_8);
            }
        } catch (IOException | RuntimeException failure) {
            // priming only warms up: the function works the same without it
            LOG.warn("priming stopped early: {}", failure.toString());
        } finally {
            Invocation.priming(false);
            if (primed instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // a copy that reached nothing has nothing left open
                }
            }
        }
        LOG.info("primed with {} ({} rounds) in {} ms", sample, ROUNDS, (System.nanoTime() - started) / 1_000_000);
        return last;
    }

    private static Map<String, String> offlineVariables() {
        String region = System.getenv("AWS_REGION");
        if (region == null) {
            return OFFLINE;
        }
        Map<String, String> variables = new HashMap<>(OFFLINE);
        variables.put("AWS_REGION", region);
        return variables;
    }

    private byte[] sampleEvent() {
        try (InputStream in = SnapStart.class.getResourceAsStream("/priming/" + sample)) {
            if (in == null) {
                throw new IllegalStateException("the jar holds no priming/" + sample);
            }
            return in.readAllBytes();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
