package dev.pushregistry.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.aws.fixtures.LocalClients;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.store.dynamodb.fixtures.RegistryInvariants;
import dev.pushregistry.testing.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every endpoint over HTTP, as an app or a backend (or an attacker) calls the running stack: valid
 * requests of each route mutated at random (wrong types, lengths, Unicode and malformed Unicode,
 * nesting, numbers past any range, duplicate and missing fields, broken encodings, odd path
 * segments, wrong keys). However mangled, a request never gets a 5xx; one that is refused has its
 * function write nothing (no put, update, delete, transaction, message or event applied); the
 * registry's invariants hold afterwards.
 *
 * <p>The seed is fixed, so a failure is found again by the same run. The number of requests is
 * jqwik's {@code jqwik.tries.default} (2,000 here, in {@code junit-platform.properties}); a longer
 * run: {@code mvn -B verify -pl local-stack -am -Dtest=HttpFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Djqwik.tries.default=50000} (and {@code -Djqwik.seed.default=...} for other requests).
 */
class HttpFuzzTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ENDPOINT_FUNCTIONS = List.of("RegisterFunction", "IdentifyFunction",
            "LogoutFunction", "PeopleFunction", "SendsFunction", "ImportFunction");
    private static final List<String> FIELDS = List.of("token", "platform", "provider", "push_enabled",
            "previous_token", "attributes", "person_id", "unsubscribed", "dry_run", "devices", "last_used", "app_id",
            "message", "title", "body", "badge", "data", "ttl_seconds", "priority", "target", "platforms",
            "transactional", "collapse_key", "deep_link", "image_url", "request_id", "live_activity_start_tokens",
            "device_token", "activity_id", "activity_type");
    private static final int APNS_TOKENS = 10;
    private static final List<String> PEOPLE = List.of("fuzz-1", "fuzz-2", "fuzz-3", "ü-€-😀", "a b", "cust-7");
    /** Placeholders a mutation may put in the tree, replaced by raw JSON text the tree cannot hold. */
    private static final Map<String, String> RAW = Map.of(
            "\u0001lone-high\u0001", "\"\\ud800x\"",
            "\u0001lone-low\u0001", "\"\\udc00\"",
            "\u0001huge-exponent\u0001", "1e400",
            "\u0001huge-integer\u0001", "123456789012345678901234567890123456789",
            "\u0001tiny\u0001", "-1E-400",
            "\u0001negative-zero\u0001", "-0",
            "\u0001nul\u0001", "\"a\\u0000b\"");

    private static LocalStack stack;
    private static HttpClient http;
    private static String api;
    private static DynamoDbClient admin;
    private static String table;
    private static String defaultApp;
    private static List<String> tokens;
    private static final AtomicInteger refused = new AtomicInteger();
    private static final AtomicInteger accepted = new AtomicInteger();

    @BeforeContainer
    static void start() throws Exception {
        stack = LocalStack.start(StackSettings.ephemeral(SampleEvents.projectRoot()));
        http = HttpClient.newHttpClient();
        api = stack.apiUrl();
        JsonNode info = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(api + "/_local/info")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        table = info.get("table").asText();
        defaultApp = info.get("apps").get(0).asText();
        admin = LocalClients.build(DynamoDbClient.builder(), URI.create(info.get("dynamodb").asText()));
        List<String> pool = new ArrayList<>();
        for (int index = 0; index < APNS_TOKENS; index++) {
            pool.add(Tokens.apns());
        }
        for (int index = 0; index < 5; index++) {
            pool.add(Tokens.fcm());
        }
        tokens = List.copyOf(pool);
    }

    @AfterContainer
    static void stop() {
        try {
            assertTrue(refused.get() > 0 && accepted.get() > 0, "the run refused " + refused + " and accepted " + accepted);
            assertTrue(writes().values().stream().mapToLong(Long::longValue).sum() > 0,
                    "the accepted requests wrote: the write count sees writes");
            RegistryInvariants.assertHold(admin, table, defaultApp, Instant.now());
            assertEquals(List.of(), stack.refusals(), "calls of the functions that their roles do not allow");
        } finally {
            admin.close();
            stack.close();
        }
    }

    /** The writes each endpoint function's role has had applied so far. */
    private static Map<String, Long> writes() {
        Map<String, Long> all = stack.writesApplied();
        Map<String, Long> endpoints = new java.util.TreeMap<>();
        all.forEach((caller, count) -> {
            if (ENDPOINT_FUNCTIONS.stream().anyMatch(caller::endsWith)) {
                endpoints.put(caller, count);
            }
        });
        return endpoints;
    }

    @Property(seed = "20261205")
    void noRequestGetsA5xxAndARefusedOneWritesNothing(@ForAll("requests") FuzzRequest request) throws Exception {
        Map<String, Long> before = writes();
        HttpRequest.Builder call = HttpRequest.newBuilder(URI.create(api + request.path()))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(call::header);
        HttpResponse<String> response = http.send(call.build(), HttpResponse.BodyHandlers.ofString());

        if (response.statusCode() >= 500) {
            throw new AssertionError(request + " answered " + response.statusCode() + ": " + response.body());
        }
        if (response.statusCode() >= 400) {
            refused.incrementAndGet();
            Map<String, Long> after = writes();
            if (!before.equals(after)) {
                throw new AssertionError(request + " was refused (" + response.statusCode() + " " + response.body()
                        + ") but wrote: " + before + " -> " + after);
            }
            JsonNode error = JSON.readTree(response.body());
            if (error.path("error").path("code").asText().isEmpty() && error.path("message").asText().isEmpty()) {
                throw new AssertionError(request + ": the refusal says nothing: " + response.body());
            }
        } else {
            accepted.incrementAndGet();
        }
    }

    /** One HTTP request: what the run sends, and how it was made (for the report of a failure). */
    record FuzzRequest(String method, String path, Map<String, String> headers, byte[] body, String made) {
        @Override
        public String toString() {
            return method + " " + path + " " + headers.keySet() + " (" + made + ") "
                    + (body == null ? "" : new String(body, 0, Math.min(body.length, 600), StandardCharsets.UTF_8));
        }
    }

    /** A route: its method, path (with a person or request id to fill in), key, and a valid body. */
    private enum Route {
        REGISTER("POST", "/v1/devices", true), IDENTIFY("POST", "/v1/identify", true),
        LOGOUT("POST", "/v1/logout", true), IMPORT("POST", "/v1/devices/import", false),
        DEVICES("GET", "/v1/people/{}/devices", false), HISTORY("GET", "/v1/people/{}/token-history", false),
        UPDATE("PUT", "/v1/people/{}", false), FORGET("DELETE", "/v1/people/{}", false),
        SEND("POST", "/v1/sends", false), SUMMARY("GET", "/v1/sends/{}", false),
        LIVE_ACTIVITY("POST", "/v1/live-activities", true), LIVE_ACTIVITY_END("POST", "/v1/live-activities/end", true),
        LIVE_ACTIVITIES("GET", "/v1/people/{}/live-activities", false);

        final String method;
        final String path;
        final boolean app;

        Route(String method, String path, boolean app) {
            this.method = method;
            this.path = path;
            this.app = app;
        }

        boolean hasBody() {
            return method.equals("POST") || method.equals("PUT");
        }
    }

    private static ObjectNode validBody(Route route, int pick) {
        String token = tokens.get(pick % tokens.size());
        String platform = pick % tokens.size() < APNS_TOKENS ? "ios" : "android";
        String person = PEOPLE.get(pick % PEOPLE.size());
        ObjectNode body = NODES.objectNode();
        switch (route) {
            case REGISTER -> {
                body.put("token", token).put("platform", platform).put("push_enabled", true);
                body.putObject("attributes").put("app_version", "2.4.0").put("locale", "de_DE");
                if (pick % 3 == 0) {
                    body.put("previous_token", tokens.get((pick + 1) % tokens.size()));
                }
                if (pick % 5 == 0) {
                    body.putObject("live_activity_start_tokens").put("DeliveryAttributes", tokens.get(pick % APNS_TOKENS));
                }
            }
            case IDENTIFY -> {
                body.put("person_id", person).put("token", token).put("platform", platform);
                if (pick % 2 == 0) {
                    body.putObject("live_activity_start_tokens").put("DeliveryAttributes", tokens.get(pick % APNS_TOKENS))
                            .putNull("ScoreAttributes");
                }
            }
            case LIVE_ACTIVITY -> body.put("device_token", token).put("activity_id", "order-" + pick % 5)
                    .put("activity_type", "DeliveryAttributes").put("token", tokens.get((pick + 3) % APNS_TOKENS));
            case LIVE_ACTIVITY_END -> body.put("device_token", token).put("activity_id", "order-" + pick % 5);
            case LOGOUT -> body.put("person_id", person).put("token", token);
            case IMPORT -> {
                ObjectNode device = body.put("dry_run", pick % 4 == 0).putArray("devices").addObject();
                device.put("token", token).put("platform", platform).put("person_id", person).put("push_enabled", true)
                        .put("last_used", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
            }
            case UPDATE -> body.put("unsubscribed", pick % 2 == 0);
            case SEND -> {
                body.put("person_id", person);
                body.putObject("message").put("title", "Hi").put("body", "fuzz");
            }
            default -> {
            }
        }
        return body;
    }

    @Provide
    Arbitrary<FuzzRequest> requests() {
        Arbitrary<Route> routes = Arbitraries.of(Route.class);
        Arbitrary<Integer> picks = Arbitraries.integers().between(0, 1000);
        Arbitrary<List<Mutation>> mutations = mutation().list().ofMaxSize(4);
        Arbitrary<Encoding> encodings = Arbitraries.frequency(Tuple.of(14, Encoding.PLAIN), Tuple.of(1, Encoding.DUPLICATE_KEY),
                Tuple.of(1, Encoding.INVALID_UTF8), Tuple.of(1, Encoding.TRUNCATED), Tuple.of(1, Encoding.DEEP),
                Tuple.of(1, Encoding.NOT_JSON), Tuple.of(1, Encoding.EMPTY), Tuple.of(1, Encoding.BYTE_ORDER_MARK));
        Arbitrary<Key> keys = Arbitraries.frequency(Tuple.of(16, Key.RIGHT), Tuple.of(1, Key.NONE),
                Tuple.of(1, Key.WRONG), Tuple.of(1, Key.OTHER_KIND), Tuple.of(1, Key.BOTH_HEADERS));
        Arbitrary<String> segments = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(PEOPLE).map(HttpFuzzTest::encode)),
                Tuple.of(3, Arbitraries.strings().ofMaxLength(300).map(HttpFuzzTest::encode)),
                Tuple.of(2, Arbitraries.of("%2F", "a%2Fb", "%00", "%FF", "%ED%A0%80", "..", "%2E%2E", "x%20",
                        "%20x%20", "x".repeat(257), "%F0%9F%98%80", "a%0Ab", "%25", "")));
        return Combinators.combine(routes, picks, mutations, encodings, keys, segments).as((route, pick, changes, encoding,
                key, segment) -> {
            String path = route.path.replace("{}", segment);
            byte[] body = null;
            StringBuilder made = new StringBuilder(encoding.name());
            if (route.hasBody()) {
                ObjectNode tree = validBody(route, pick);
                changes.forEach(change -> {
                    change.applyTo(tree);
                    made.append(' ').append(change);
                });
                body = encoding.encode(raw(tree.toString()), pick);
            }
            return new FuzzRequest(route.method, path, key.headers(route.app), body, made.toString());
        });
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The placeholders of {@link #RAW} as the raw JSON they stand for. */
    private static String raw(String json) {
        String text = json;
        for (Map.Entry<String, String> placeholder : RAW.entrySet()) {
            text = text.replace(JSON.valueToTree(placeholder.getKey()).toString(), placeholder.getValue());
        }
        return text;
    }

    /** How the request's body is put into bytes. */
    private enum Encoding {
        PLAIN, DUPLICATE_KEY, INVALID_UTF8, TRUNCATED, DEEP, NOT_JSON, EMPTY, BYTE_ORDER_MARK;

        byte[] encode(String json, int pick) {
            return switch (this) {
                case PLAIN -> json.getBytes(StandardCharsets.UTF_8);
                case DUPLICATE_KEY -> {
                    int comma = json.indexOf(',');
                    yield (comma < 0 ? json : json.substring(0, comma + 1) + json.substring(1, comma + 1) + json.substring(comma + 1))
                            .getBytes(StandardCharsets.UTF_8);
                }
                case INVALID_UTF8 -> {
                    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                    int quote = json.indexOf("\":\"");
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    int at = quote < 0 ? bytes.length / 2 : quote + 3;
                    out.write(bytes, 0, at);
                    out.write(pick % 2 == 0 ? 0xff : 0xc3);
                    out.write(0x28);
                    out.write(bytes, at, bytes.length - at);
                    yield out.toByteArray();
                }
                case TRUNCATED -> json.substring(0, pick % Math.max(1, json.length())).getBytes(StandardCharsets.UTF_8);
                case DEEP -> ("{\"token\":" + "[".repeat(3000 + pick) + "]".repeat(3000 + pick) + "}")
                        .getBytes(StandardCharsets.UTF_8);
                case NOT_JSON -> ("token=" + pick + "&platform=ios").getBytes(StandardCharsets.UTF_8);
                case EMPTY -> new byte[0];
                case BYTE_ORDER_MARK -> ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8);
            };
        }
    }

    /** Which key the request carries. */
    private enum Key {
        RIGHT, NONE, WRONG, OTHER_KIND, BOTH_HEADERS;

        Map<String, String> headers(boolean appRoute) {
            Map<String, String> app = Map.of("X-Api-Key", StackSettings.LOCAL_APP_KEY, "Content-Type", "application/json");
            Map<String, String> server = Map.of("Authorization", "Bearer " + StackSettings.LOCAL_SERVER_KEY,
                    "Content-Type", "application/json");
            return switch (this) {
                case RIGHT -> appRoute ? app : server;
                case NONE -> Map.of("Content-Type", "application/json");
                case WRONG -> Map.of("X-Api-Key", "guessed-key", "Authorization", "Bearer guessed");
                case OTHER_KIND -> appRoute ? server : app;
                case BOTH_HEADERS -> Map.of("X-Api-Key", StackSettings.LOCAL_APP_KEY,
                        "Authorization", "Bearer " + StackSettings.LOCAL_SERVER_KEY);
            };
        }
    }

    private Arbitrary<Mutation> mutation() {
        Arbitrary<String> fields = Arbitraries.frequency(Tuple.of(9, "known"), Tuple.of(1, "random"))
                .flatMap(kind -> kind.equals("known") ? Arbitraries.of(FIELDS) : Arbitraries.strings().ofMaxLength(12));
        return Combinators.combine(fields, Arbitraries.integers().between(0, 3), values(2), Arbitraries.of(true, false))
                .as(Mutation::new);
    }

    /**
     * Sets (or removes) one field: at the top of the body, in its {@code message}, in its
     * {@code attributes}, or in its first imported device.
     */
    private record Mutation(String field, int where, JsonNode value, boolean remove) {
        void applyTo(ObjectNode body) {
            ObjectNode target = body;
            JsonNode nested = switch (where) {
                case 1 -> body.get("message");
                case 2 -> body.get("attributes");
                case 3 -> body.path("devices").get(0);
                default -> body;
            };
            if (nested instanceof ObjectNode object) {
                target = object;
            }
            if (remove) {
                target.remove(field);
            } else {
                target.set(field, value);
            }
        }

        @Override
        public String toString() {
            return (remove ? "-" : "+") + field + "@" + where;
        }
    }

    private Arbitrary<JsonNode> values(int depth) {
        if (depth <= 0) {
            return leaves();
        }
        return Arbitraries.frequencyOf(
                Tuple.of(6, leaves()),
                Tuple.of(1, values(depth - 1).list().ofMaxSize(4).map(list -> {
                    ArrayNode array = NODES.arrayNode();
                    list.forEach(array::add);
                    return array;
                })),
                Tuple.of(1, Arbitraries.maps(Arbitraries.of(FIELDS), values(depth - 1)).ofMaxSize(4).map(map -> {
                    ObjectNode object = NODES.objectNode();
                    map.forEach(object::set);
                    return object;
                })));
    }

    private Arbitrary<JsonNode> leaves() {
        Arbitrary<String> strings = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(tokens)),
                Tuple.of(3, Arbitraries.of("ios", "android", "apns", "fcm", "web", "", " ", "fuzz-1", "ü-€-😀", "a/b",
                        " padded ", "high", "normal", "2026-11-20T08:15:00Z", "2999-01-01T00:00:00Z", "yesterday",
                        "https://img.example/a.png", "javascript:alert(1)", "x".repeat(5000), "😀".repeat(300),
                        "f".repeat(65), "0".repeat(1020), "A".repeat(977))),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(2, Arbitraries.of(RAW.keySet())));
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(NODES.nullNode())),
                Tuple.of(1, Arbitraries.of(true, false).map(NODES::booleanNode)),
                Tuple.of(2, Arbitraries.integers().map(NODES::numberNode)),
                Tuple.of(1, Arbitraries.longs().map(NODES::numberNode)),
                Tuple.of(1, Arbitraries.doubles().map(NODES::numberNode)),
                Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(NODES::numberNode)),
                Tuple.of(6, strings.map(NODES::textNode)));
    }
}
