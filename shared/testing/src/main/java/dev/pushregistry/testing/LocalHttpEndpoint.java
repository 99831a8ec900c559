package dev.pushregistry.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One HTTP endpoint on loopback that answers every request with the status and body it is set to,
 * and counts the requests: a JWKS document, or Secrets Manager's {@code GetSecretValue} (which the
 * AWS SDK reaches over its JSON protocol when {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} points here).
 */
public final class LocalHttpEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>("{}");
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> lastRequest = new AtomicReference<>("");

    private LocalHttpEndpoint(String contentType) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.incrementAndGet();
                lastRequest.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] answer = body.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(status.get(), answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
    }

    public static LocalHttpEndpoint serving(String contentType) {
        return new LocalHttpEndpoint(contentType);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public void answer(int newStatus, String newBody) {
        status.set(newStatus);
        body.set(newBody);
    }

    public int requests() {
        return requests.get();
    }

    public String lastRequest() {
        return lastRequest.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
