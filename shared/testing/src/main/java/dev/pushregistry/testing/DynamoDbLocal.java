package dev.pushregistry.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One DynamoDB Local server per test JVM, over real HTTP on a free loopback port, in memory. Started
 * on first use and stopped when the JVM exits.
 */
public final class DynamoDbLocal {
    private static DynamoDbLocal instance;

    private final URI endpoint;
    private final DynamoDbClient client;

    private DynamoDbLocal(URI endpoint) {
        this.endpoint = endpoint;
        this.client = newClient();
    }

    /** The server, started if it is not running yet. */
    public static synchronized DynamoDbLocal server() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static DynamoDbLocal start() {
        int port = freePort();
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {
                "-inMemory", "-sharedDb", "-port", Integer.toString(port), "-disableTelemetry"});
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (Exception ignored) {
                    // the JVM is going away
                }
            }));
        } catch (Exception failure) {
            throw new IllegalStateException("DynamoDB Local did not start", failure);
        }
        return new DynamoDbLocal(URI.create("http://127.0.0.1:" + port));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The shared client. */
    public DynamoDbClient client() {
        return client;
    }

    /** A new client that runs the given interceptors on every call. */
    public DynamoDbClient newClient(ExecutionInterceptor... interceptors) {
        return LocalClients.build(DynamoDbClient.builder(), endpoint, interceptors);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException failure) {
            throw new IllegalStateException("no free port", failure);
        }
    }
}
