package dev.pushregistry.system.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.queue.sqs.fixtures.LocalSqs;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.system.Endpoints;
import dev.pushregistry.testing.SampleEvents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Arbitrary JSON and arbitrary field values against every endpoint that takes a body or a path
 * parameter: never a 5xx, and a rejected request leaves the table (and the send-request queue)
 * exactly as it was.
 */
class RequestBodyPropertiesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("token", "platform", "provider", "push_enabled",
            "previous_token", "attributes", "person_id", "person_ids", "unsubscribed", "request_id", "target",
            "platforms", "transactional", "message", "title", "body", "badge", "data", "ttl_seconds", "priority",
            "background", "image_url", "collapse_key", "deep_link", "sound", "thread_id", "category");
    private static final List<String> SAMPLES = List.of("register.json", "identify.json", "logout.json",
            "people-update.json", "sends-post.json");
    private static final String KNOWN_PERSON = "prop-owner";

    private static TestRegistry registry;
    private static Endpoints endpoints;
    private static String apnsToken;
    private static String fcmToken;

    @BeforeContainer
    static void seed() {
        registry = TestRegistry.create();
        endpoints = new Endpoints(registry, LogoutPolicy.DELETE);
        apnsToken = registry.identifiedIosDevice(KNOWN_PERSON);
        fcmToken = Tokens.fcm();
    }

    @Property(tries = 300)
    void noBodyEverGetsA5xxAndARejectedOneWritesNothing(@ForAll("samples") String sample,
                                                        @ForAll("bodies") String body) {
        APIGatewayV2HTTPEvent event = SampleEvents.withBody(sample, body);
        check(event);
    }

    /** Valid requests with up to four fields replaced, removed or added: reaches the deeper checks. */
    @Property(tries = 600)
    void noMutatedValidBodyEverGetsA5xxAndARejectedOneWritesNothing(@ForAll("mutatedRequests") Map.Entry<String, String> request) {
        check(SampleEvents.withBody(request.getKey(), request.getValue()));
    }

    @Provide
    Arbitrary<Map.Entry<String, String>> mutatedRequests() {
        Arbitrary<String> sample = Arbitraries.of(SAMPLES);
        Arbitrary<List<Mutation>> mutations = mutation().list().ofMaxSize(4);
        return net.jqwik.api.Combinators.combine(sample, mutations).as((name, changes) -> {
            ObjectNode body = validBody(name);
            changes.forEach(change -> change.applyTo(body));
            return Map.entry(name, body.toString());
        });
    }

    private ObjectNode validBody(String sample) {
        ObjectNode body = NODES.objectNode();
        switch (sample) {
            case "register.json" -> body.put("token", Tokens.apns()).put("platform", "ios");
            case "identify.json" -> body.put("person_id", "prop-" + Math.abs(sample.hashCode() % 7)).put("token", apnsToken);
            case "logout.json" -> body.put("person_id", KNOWN_PERSON).put("token", Tokens.apns());
            case "people-update.json" -> body.put("unsubscribed", false);
            default -> {
                body.put("person_id", KNOWN_PERSON);
                body.putObject("message").put("title", "Hi");
            }
        }
        return body;
    }

    private Arbitrary<Mutation> mutation() {
        Arbitrary<String> fields = Arbitraries.of(FIELDS);
        Arbitrary<Boolean> inMessage = Arbitraries.of(true, false);
        Arbitrary<JsonNode> value = Arbitraries.oneOf(leaves(), values(1));
        return net.jqwik.api.Combinators.combine(fields, inMessage, value, Arbitraries.of(true, false))
                .as(Mutation::new);
    }

    /** Sets (or removes) one field at the top or inside {@code message}. */
    private record Mutation(String field, boolean inMessage, JsonNode value, boolean remove) {
        void applyTo(ObjectNode body) {
            ObjectNode target = body;
            if (inMessage && body.get("message") instanceof ObjectNode message) {
                target = message;
            }
            if (remove) {
                target.remove(field);
            } else {
                target.set(field, value);
            }
        }
    }

    @Property(tries = 150)
    void noPathParameterEverGetsA5xx(@ForAll("pathSamples") String sample, @ForAll("texts") String parameter) {
        APIGatewayV2HTTPEvent event = SampleEvents.load(sample);
        String name = sample.startsWith("sends") ? "request_id" : "person_id";
        Map<String, String> parameters = new HashMap<>();
        parameters.put(name, parameter);
        event.setPathParameters(parameters);
        check(event);
    }

    private static void check(APIGatewayV2HTTPEvent event) {
        List<String> before = registry.snapshot();
        String queued = queueDepth();
        APIGatewayV2HTTPResponse response = endpoints.call(event);
        if (response.getStatusCode() >= 500) {
            throw new AssertionError(event.getRouteKey() + " answered " + response.getStatusCode() + " to "
                    + event.getBody() + " / " + event.getPathParameters() + ": " + response.getBody());
        }
        if (response.getStatusCode() >= 400) {
            if (!before.equals(registry.snapshot())) {
                throw new AssertionError(event.getRouteKey() + " refused " + event.getBody() + " but wrote");
            }
            if (!queued.equals(queueDepth())) {
                throw new AssertionError(event.getRouteKey() + " refused " + event.getBody() + " but queued");
            }
            JsonNode error;
            try {
                error = JSON.readTree(response.getBody()).get("error");
            } catch (Exception notJson) {
                throw new AssertionError("error body is not JSON: " + response.getBody(), notJson);
            }
            if (error == null || error.path("code").asText().isEmpty() || error.path("message").asText().isEmpty()) {
                throw new AssertionError("error body lacks code or message: " + response.getBody());
            }
        }
    }

    private static String queueDepth() {
        return LocalSqs.server().client().getQueueAttributes(get -> get.queueUrl(endpoints.sendRequestQueue())
                .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings()
                .get("ApproximateNumberOfMessages");
    }

    @Provide
    Arbitrary<String> samples() {
        return Arbitraries.of(SAMPLES);
    }

    @Provide
    Arbitrary<String> pathSamples() {
        return Arbitraries.of("people-devices.json", "people-token-history.json", "people-update.json",
                "people-forget.json", "sends-get.json");
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300), Arbitraries.of(KNOWN_PERSON, "", " ", "x".repeat(257),
                "a\u0000b", "../../etc", "%00", "ü-€-😀"));
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, objects(3).map(JsonNode::toString)),
                net.jqwik.api.Tuple.of(2, values(2).map(JsonNode::toString)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(200)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", "{", "[]", "null", "{\"token\":", "{}{}", "{\"a\":1,\"a\":2}")));
    }

    private Arbitrary<JsonNode> values(int depth) {
        if (depth <= 0) {
            return leaves();
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, leaves()),
                net.jqwik.api.Tuple.of(2, objects(depth - 1)),
                net.jqwik.api.Tuple.of(1, arrays(depth - 1)));
    }

    private Arbitrary<JsonNode> objects(int depth) {
        Arbitrary<String> keys = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of(FIELDS)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(20)));
        return Arbitraries.maps(keys, depth <= 0 ? leaves() : values(depth - 1)).ofMaxSize(8).map(map -> {
            ObjectNode node = NODES.objectNode();
            map.forEach(node::set);
            return node;
        });
    }

    private Arbitrary<JsonNode> arrays(int depth) {
        return (depth <= 0 ? leaves() : values(depth - 1)).list().ofMaxSize(5).map(list -> {
            ArrayNode node = NODES.arrayNode();
            list.forEach(node::add);
            return node;
        });
    }

    private Arbitrary<JsonNode> leaves() {
        Arbitrary<String> strings = Arbitraries.oneOf(
                Arbitraries.of(apnsToken, fcmToken, Tokens.apns(), "ios", "android", "web", "apns", "fcm", "all",
                        "last_active", "high", "normal", KNOWN_PERSON, "cust-7", "", "https://img.example/a.png",
                        "x".repeat(5000), "a\u0000b"),
                Arbitraries.strings().ofMaxLength(80));
        return Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                strings.map(NODES::textNode));
    }

}
