package dev.pushregistry.benchmarks;

import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.store.dynamodb.fixtures.DynamoDbLocal;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How many connections a table client opens when a function makes {@value #CONCURRENT} table calls
 * at once, wave after wave (a sender's claims and outcomes): with the JDK's default keep-alive cache
 * (5 idle connections per host, the baseline) and as {@link AwsClients} sizes it. Each runs in a JVM
 * of its own, since the JDK reads the size once; a counting proxy in front of DynamoDB Local counts
 * the connections. Prints one line; asserts nothing about time. Run with {@code mvn -B install
 * -DskipTests && mvn -B test -pl benchmarks -Dgroups=benchmark -Dtest.excludedGroups=
 * -Dtest=ConnectionReuseBenchmark}.
 */
@Tag("benchmark")
class ConnectionReuseBenchmark {
    private static final int CONCURRENT = 16;
    private static final int WAVES = 50;

    @Test
    void connectionsPerHundredTableCalls() throws Exception {
        TestRegistry registry = TestRegistry.create();
        try (CountingProxy proxy = new CountingProxy(DynamoDbLocal.server().endpoint().getPort())) {
            int jdkDefault = probe(proxy, registry.table(), List.of("-Dhttp.maxConnections=5"));
            int sized = probe(proxy, registry.table(), List.of());
            int calls = CONCURRENT * WAVES;
            System.out.printf(Locale.ROOT, "connections: calls=%d jdk_default_per_100_calls=%.1f sized_per_100_calls=%.1f%n",
                    calls, 100.0 * jdkDefault / calls, 100.0 * sized / calls);
        }
    }

    /** Runs {@link Probe} in a JVM of its own; answers the connections it opened. */
    private static int probe(CountingProxy proxy, String table, List<String> jvmOptions) throws Exception {
        int before = proxy.accepted.get();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName(),
                "http://127.0.0.1:" + proxy.port(), table));
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError("the probe failed: " + command);
        }
        return proxy.accepted.get() - before;
    }

    /** Makes waves of concurrent table calls through a client built by {@link AwsClients}. */
    public static final class Probe {
        public static void main(String[] arguments) {
            DynamoDbClient client = AwsClients.from(new Settings(Map.of("AWS_REGION", "eu-central-1",
                    "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "AWS_ENDPOINT_URL", arguments[0])))
                    .build(DynamoDbClient.builder(), "DYNAMODB");
            ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
            for (int wave = 0; wave < WAVES; wave++) {
                List<CompletableFuture<?>> calls = new ArrayList<>();
                for (int call = 0; call < CONCURRENT; call++) {
                    calls.add(CompletableFuture.runAsync(() -> client.getItem(get -> get.tableName(arguments[1])
                            .key(Map.of("PK", AttributeValue.fromS("probe"), "SK", AttributeValue.fromS("probe")))), pool));
                }
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
            }
            pool.shutdown();
        }
    }

    /** Forwards connections to a local port and counts them. */
    private static final class CountingProxy implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        private final ExecutorService pipes = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "proxy");
            thread.setDaemon(true);
            return thread;
        });
        private final AtomicInteger accepted = new AtomicInteger();

        CountingProxy(int target) throws IOException {
            pipes.execute(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        accepted.incrementAndGet();
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                        pipes.execute(() -> pipe(client, upstream));
                        pipes.execute(() -> pipe(upstream, client));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private static void pipe(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException closed) {
                // the other side went away
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // nothing left to close
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            pipes.shutdownNow();
        }
    }
}
