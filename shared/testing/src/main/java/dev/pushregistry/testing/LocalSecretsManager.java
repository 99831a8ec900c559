package dev.pushregistry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets Manager on loopback, for secrets a test puts there or a command creates: {@code GetSecretValue},
 * {@code CreateSecret} ({@code ResourceExistsException} for a name taken), {@code PutSecretValue} and
 * {@code DescribeSecret}, a secret found by name or by ARN (a secret's ARN ends in its name, a hyphen
 * and six random characters, as in AWS), answered as Secrets Manager's JSON protocol answers,
 * {@code ResourceNotFoundException} for another. Behind an IAM gateway ({@link LocalAws#gatewayTo})
 * with {@link #arnOf} as its way from names to ARNs, a call is allowed or refused as on AWS.
 */
public final class LocalSecretsManager implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, String> texts = new ConcurrentHashMap<>();

    private LocalSecretsManager() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    public static LocalSecretsManager start() {
        return new LocalSecretsManager();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Keeps a secret's text under {@code name}. */
    public void put(String name, String text) {
        texts.put(name, text);
    }

    /** The ARN of the secret {@code name} (or {@code name} itself when it is an ARN already). */
    public static String arnOf(String name) {
        return name.startsWith("arn:") ? name : "arn:aws:secretsmanager:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT
                + ":secret:" + name + "-AbCdEf";
    }

    /** The text the secret {@code name} holds now, if it exists. */
    public Optional<String> text(String name) {
        return Optional.ofNullable(texts.get(name));
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            String operation = target.substring(target.indexOf('.') + 1);
            ObjectNode answer = JSON.createObjectNode();
            int status = 200;
            if (operation.equals("CreateSecret")) {
                String name = request.path("Name").asText();
                if (texts.putIfAbsent(name, request.path("SecretString").asText()) != null) {
                    status = 400;
                    answer.put("__type", "ResourceExistsException").put("Message",
                            "The operation failed because the secret " + name + " already exists.");
                } else {
                    answer.put("ARN", arnOf(name)).put("Name", name).put("VersionId", "v" + texts.size());
                }
            } else {
                String id = request.path("SecretId").asText();
                String name = id.startsWith("arn:") ? id.substring(id.indexOf(":secret:") + ":secret:".length(), id.length() - 7) : id;
                String text = texts.get(name);
                if (text == null || !arnOf(name).equals(arnOf(id))) {
                    status = 400;
                    answer.put("__type", "ResourceNotFoundException").put("Message", "Secrets Manager can't find the specified secret.");
                } else if (operation.equals("PutSecretValue")) {
                    texts.put(name, request.path("SecretString").asText());
                    answer.put("ARN", arnOf(name)).put("Name", name).put("VersionId", "v2")
                            .putArray("VersionStages").add("AWSCURRENT");
                } else if (operation.equals("DescribeSecret")) {
                    answer.put("ARN", arnOf(name)).put("Name", name);
                } else {
                    answer.put("ARN", arnOf(name)).put("Name", name).put("SecretString", text).put("VersionId", "v1")
                            .putArray("VersionStages").add("AWSCURRENT");
                }
            }
            byte[] body = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
