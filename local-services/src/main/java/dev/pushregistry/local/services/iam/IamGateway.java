package dev.pushregistry.local.services.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AWS endpoint on this machine that checks IAM, in front of a stand-in that does not (DynamoDB
 * Local, ElasticMQ, the local event bus, a local Secrets Manager): each call is signed with
 * credentials {@link LocalIam} issued to a role, and goes on to the stand-in only when the role may
 * make it ({@link CallAccess}); otherwise it is answered as AWS answers it, with the service's
 * {@code AccessDeniedException} naming the caller, the action and the resource, and credentials it
 * never issued get {@code UnrecognizedClientException}. Every refusal is logged and kept
 * ({@link #refusals}).
 *
 * <p>It can also make the service throttle chosen calls ({@link #throttle}), the way DynamoDB
 * answers {@code ProvisionedThroughputExceededException}, for tests of what a function does then.
 */
public final class IamGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IamGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/[^/]+/([^/]+)/");
    /** Headers the JDK's HTTP client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding");
    private static final int ITERATORS_KEPT = 10_000;

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI backend;
    private final LocalIam iam;
    private final String accountId;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    /** The operations that change what a service holds, by their X-Amz-Target name. */
    private static final Set<String> WRITE_OPERATIONS = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems", "SendMessage", "SendMessageBatch", "PutEvents");
    private final Map<String, Set<String>> allowed = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> writesApplied =
            new ConcurrentHashMap<>();
    private final List<Predicate<Call>> throttled = new CopyOnWriteArrayList<>();
    private final Map<String, String> streamOfIterator = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > ITERATORS_KEPT;
                }
            });
    private volatile UnaryOperator<String> secretArns;

    private IamGateway(HttpServer server, ExecutorService executor, URI backend, LocalIam iam, String accountId) {
        this.server = server;
        this.executor = executor;
        this.backend = backend;
        this.iam = iam;
        this.accountId = accountId;
        this.secretArns = secret -> secret;
    }

    /**
     * Starts a gateway to {@code backend}.
     *
     * @param host the interface it listens on
     * @param port its port (0: any free port)
     * @param accountId the account the resources are in
     */
    public static IamGateway start(String host, int port, URI backend, LocalIam iam, String accountId) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            ExecutorService executor = Executors.newFixedThreadPool(32, runnable -> {
                Thread thread = new Thread(runnable, "iam-gateway");
                thread.setDaemon(true);
                return thread;
            });
            IamGateway gateway = new IamGateway(server, executor, backend, iam, accountId);
            server.createContext("/", gateway::handle);
            server.setExecutor(executor);
            server.start();
            return gateway;
        } catch (IOException failure) {
            throw new UncheckedIOException("the IAM gateway to " + backend + " could not listen on " + host + ":" + port,
                    failure);
        }
    }

    /** Where callers send their calls. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * How a secret named without its ARN is found (Secrets Manager authorizes a call on the secret's
     * full ARN, with its random suffix, whatever the call names it by).
     */
    public void secretArns(UnaryOperator<String> arnOfSecret) {
        this.secretArns = arnOfSecret;
    }

    /** Every call refused so far. */
    public List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    /**
     * How many writes of each caller (a function's role session) the stand-in applied so far: puts,
     * updates, deletes, batch writes and transactions it answered {@code 200} (a refused condition
     * is no write), messages sent, events put. A request the registry refuses must not add to its
     * function's count.
     */
    public Map<String, Long> writesApplied() {
        Map<String, Long> copy = new TreeMap<>();
        writesApplied.forEach((caller, count) -> copy.put(caller, count.get()));
        return copy;
    }

    /** The actions each caller (a function's role session) was allowed so far, with their resources. */
    public Map<String, Set<String>> allowed() {
        Map<String, Set<String>> copy = new TreeMap<>();
        allowed.forEach((caller, requests) -> copy.put(caller, new TreeSet<>(requests)));
        return copy;
    }

    /**
     * Makes the service throttle each call {@code which} picks until the returned handle is closed.
     */
    public AutoCloseable throttle(Predicate<Call> which) {
        throttled.add(which);
        return () -> throttled.remove(which);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String caller = null;
            if (target != null && target.contains(".")) {
                Matcher credential = CREDENTIAL.matcher(authorization == null ? "" : authorization);
                if (!credential.find()) {
                    answerError(exchange, target, 400, "MissingAuthenticationTokenException", "MissingAuthenticationToken",
                            "Request is missing Authentication Token");
                    return;
                }
                String keyId = credential.group(1);
                String region = credential.group(2);
                Role role = iam.role(keyId).orElse(null);
                if (role == null) {
                    answerError(exchange, target, 400, "UnrecognizedClientException", "InvalidClientTokenId",
                            "The security token included in the request is invalid.");
                    return;
                }
                JsonNode json = parse(body);
                List<AccessRequest> requests = CallAccess.of(target, json, region, accountId, streamOfIterator::get,
                        secretArns);
                // on AWS the SDK calls every service over TLS
                Decision decision = iam.decide(role, requests, Map.of("aws:SecureTransport", "true"));
                if (!decision.allowed()) {
                    Refusal refusal = new Refusal(role.session(), decision.refused().action(), decision.refused().resource(),
                            decision.message());
                    refusals.add(refusal);
                    LOG.warn("AccessDenied: {}", decision.message());
                    answerError(exchange, target, 400, "AccessDeniedException", "AccessDenied", decision.message());
                    return;
                }
                caller = role.session();
                Set<String> callerAllowed = allowed.computeIfAbsent(role.session(),
                        session -> ConcurrentHashMap.newKeySet());
                requests.forEach(request -> callerAllowed.add(request.toString()));
                Call call = new Call(role.session(), target, json);
                if (throttled.stream().anyMatch(which -> which.test(call))) {
                    answerError(exchange, target, 400, "ProvisionedThroughputExceededException", "RequestThrottled",
                            "The level of configured provisioned throughput for the table was exceeded.");
                    return;
                }
            }
            forward(exchange, target, body, caller);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange exchange, String target, byte[] body, String caller)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(backend.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(30));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (target != null && target.startsWith("DynamoDBStreams_") && response.statusCode() == 200) {
            remember(target, body, response.body());
        }
        // counted before the caller hears of it, so whoever it answers next sees the count
        if (response.statusCode() == 200 && caller != null
                && WRITE_OPERATIONS.contains(target.substring(target.indexOf('.') + 1))) {
            writesApplied.computeIfAbsent(caller, any -> new AtomicLong()).incrementAndGet();
        }
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, new ArrayList<>(values));
            }
        });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
        }
    }

    /** Which stream each shard iterator the stream handed out reads. */
    private void remember(String target, byte[] request, byte[] response) {
        JsonNode asked = parse(request);
        JsonNode answered = parse(response);
        if (target.endsWith(".GetShardIterator")) {
            String iterator = answered.path("ShardIterator").asText(null);
            if (iterator != null) {
                streamOfIterator.put(iterator, asked.path("StreamArn").asText());
            }
        } else if (target.endsWith(".GetRecords")) {
            String stream = streamOfIterator.get(asked.path("ShardIterator").asText());
            String next = answered.path("NextShardIterator").asText(null);
            if (stream != null && next != null) {
                streamOfIterator.put(next, stream);
            }
        }
    }

    /** An error as the service's JSON protocol answers it (SQS also names its query-protocol code). */
    private static void answerError(HttpExchange exchange, String target, int status, String type, String queryCode,
                                    String message) throws IOException {
        ObjectNode error = JSON.createObjectNode();
        boolean dynamoDb = target.startsWith("DynamoDB");
        error.put("__type", (dynamoDb && type.equals("ProvisionedThroughputExceededException")
                ? "com.amazonaws.dynamodb.v20120810#" : "com.amazon.coral.service#") + type);
        error.put(dynamoDb ? "Message" : "message", message);
        byte[] answer = JSON.writeValueAsBytes(error);
        exchange.getResponseHeaders().set("Content-Type", dynamoDb ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (target.startsWith("AmazonSQS.")) {
            exchange.getResponseHeaders().set("x-amzn-query-error", queryCode + ";Sender");
        }
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * A call that passed IAM.
     *
     * @param caller the session it was made in: the function's name
     * @param target its {@code X-Amz-Target}
     */
    public record Call(String caller, String target, JsonNode body) {
        /** Whether the call is the operation named, such as {@code UpdateItem}. */
        public boolean is(String operation) {
            return target.endsWith("." + operation);
        }
    }

    /**
     * A call refused.
     *
     * @param caller the function (its role's session) that made it
     * @param action the action no policy allowed, or one denied
     * @param resource the resource it was on
     * @param message AWS's message
     */
    public record Refusal(String caller, String action, String resource, String message) {
    }
}
