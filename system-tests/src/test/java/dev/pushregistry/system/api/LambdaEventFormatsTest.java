package dev.pushregistry.system.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.http.HttpEvents;
import dev.pushregistry.local.services.lambda.HttpApiEvents;
import dev.pushregistry.local.services.lambda.HttpApiRequest;
import dev.pushregistry.local.services.lambda.TriggerEvents;
import dev.pushregistry.queue.sqs.fixtures.LocalSqs;
import dev.pushregistry.store.dynamodb.fixtures.DynamoDbLocal;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.system.Endpoints;
import dev.pushregistry.testing.LocalAws;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SampleKeys;
import dev.pushregistry.testing.SendingHarness;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The events the functions are handed are AWS's: the samples in {@code events/} have the shapes
 * AWS publishes, the local stack and the tests build events with the same code
 * ({@link HttpApiEvents}, {@link TriggerEvents}), which writes every field of those shapes that the
 * functions read back ({@link HttpEvents}); and every HTTP function answers a request that carries a
 * query string, cookies and a base64 body through {@code handleRequest} as it answers a plain one.
 */
class LambdaEventFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    static Stream<Path> httpSamples() throws IOException {
        List<Path> samples = new ArrayList<>();
        try (Stream<Path> files = Files.list(SampleEvents.projectRoot().resolve("events"))) {
            files.filter(file -> file.toString().endsWith(".json")).sorted().forEach(file -> {
                if (read(file).has("routeKey")) {
                    samples.add(file);
                }
            });
        }
        return samples.stream();
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException failure) {
            throw new IllegalStateException(failure);
        }
    }

    /** Every path of fields in {@code json} ({@code requestContext.http.method}); array items as {@code []}. */
    private static Set<String> fieldPaths(JsonNode json, String prefix) {
        Set<String> paths = new TreeSet<>();
        if (json.isObject()) {
            json.fields().forEachRemaining(field -> {
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                paths.add(path);
                paths.addAll(fieldPaths(field.getValue(), path));
            });
        } else if (json.isArray()) {
            json.forEach(item -> paths.addAll(fieldPaths(item, prefix + "[]")));
        }
        return paths;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpSamples")
    void aSampleReadAsTheFunctionsReadItIsWrittenBackFieldForFieldAsTheLocalStackWritesIt(Path sample) throws Exception {
        APIGatewayV2HTTPEvent event = HttpEvents.read(Files.newInputStream(sample));
        assertEquals(read(sample), JSON.readTree(HttpApiEvents.json(event)), sample.getFileName().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpSamples")
    void theEventTheLocalStackBuildsForASamplesRequestHasTheSamplesFields(Path sample) {
        JsonNode published = read(sample);
        HttpApiRequest.Builder request = HttpApiRequest.of(published.at("/requestContext/http/method").asText(),
                published.get("rawPath").asText() + (published.get("rawQueryString").asText().isEmpty() ? ""
                        : "?" + published.get("rawQueryString").asText()));
        published.get("headers").fields().forEachRemaining(header -> request.header(header.getKey(), header.getValue().asText()));
        published.path("cookies").forEach(cookie -> request.header("Cookie", cookie.asText()));
        if (published.has("body")) {
            request.body(published.get("isBase64Encoded").asBoolean()
                    ? java.util.Base64.getDecoder().decode(published.get("body").asText())
                    : published.get("body").asText().getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        published.path("pathParameters").fields().forEachRemaining(parameter ->
                parameters.put(parameter.getKey(), parameter.getValue().asText()));
        JsonNode built = read(HttpApiEvents.json(HttpApiEvents.event(request.build(),
                published.get("routeKey").asText(), parameters, NOW)));
        assertEquals(fieldPaths(published, ""), fieldPaths(built, ""), sample.getFileName().toString());
        assertEquals(published.get("body"), built.get("body"), "the body, base64-encoded as API Gateway would");
        assertEquals(published.get("queryStringParameters"), built.get("queryStringParameters"));
        assertEquals(published.get("cookies"), built.get("cookies"));
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException failure) {
            throw new IllegalStateException(failure);
        }
    }

    @Test
    void aQueueBatchAsTheLocalStackBuildsItHasTheFieldsOfTheSample() throws Exception {
        String queue = LocalSqs.server().createQueue("formats");
        LocalSqs.server().client().sendMessage(send -> send.queueUrl(queue).messageBody("{\"n\":1}")
                .messageAttributes(Map.of("reason", MessageAttributeValue.builder().dataType("String").stringValue("x").build())));
        List<Message> received = LocalSqs.server().client().receiveMessage(receive -> receive.queueUrl(queue)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
        SQSEvent event = SendingHarness.event(queue, received);

        JsonNode built = read(TriggerEvents.json(event));
        JsonNode sample = read(SampleEvents.projectRoot().resolve("events/send-apns.json"));
        Set<String> expected = fieldPaths(sample, "");
        // a message with attributes also carries each attribute and their digest, as in AWS's published example
        expected.addAll(Set.of("Records[].messageAttributes.reason", "Records[].messageAttributes.reason.stringValue",
                "Records[].messageAttributes.reason.stringListValues", "Records[].messageAttributes.reason.binaryListValues",
                "Records[].messageAttributes.reason.dataType", "Records[].md5OfMessageAttributes"));
        assertEquals(expected, fieldPaths(built, ""));
        assertEquals("aws:sqs", built.at("/Records/0/eventSource").asText());
        assertEquals("arn:aws:sqs:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT + ":" + queue.substring(queue.lastIndexOf('/') + 1),
                built.at("/Records/0/eventSourceARN").asText());
        assertEquals("1", built.at("/Records/0/attributes/ApproximateReceiveCount").asText());
    }

    @Test
    void aStreamBatchAsTheLocalStackBuildsItHasTheFieldsOfTheSample() throws Exception {
        TestRegistry registry = TestRegistry.create();
        DynamoDbLocal.server().client().updateTable(update -> update.tableName(registry.table())
                .streamSpecification(stream -> stream.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        String token = registry.identifiedIosDevice("formats");
        registry.setStatus(token, dev.pushregistry.core.device.DeviceStatus.SENT);
        List<Record> records = new ArrayList<>();
        String arn;
        try (DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(DynamoDbLocal.server().endpoint())
                .region(Region.EU_CENTRAL_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build()) {
            arn = DynamoDbLocal.server().client().describeTable(describe -> describe.tableName(registry.table())).table()
                    .latestStreamArn();
            String shard = streams.describeStream(describe -> describe.streamArn(arn)).streamDescription().shards().get(0).shardId();
            String iterator = streams.getShardIterator(get -> get.streamArn(arn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            records.addAll(streams.getRecords(get -> get.shardIterator(iterator)).records());
        }
        JsonNode built = read(TriggerEvents.json(records, arn, LocalAws.REGION));
        JsonNode sample = read(SampleEvents.projectRoot().resolve("events/lifecycle.json"));
        for (String kind : List.of("INSERT", "MODIFY")) {
            assertEquals(recordFields(sample, kind), recordFields(built, kind), kind);
        }
    }

    /** The fields of a record of {@code kind}, item attributes aside (they are the table's, not the format's). */
    private static Set<String> recordFields(JsonNode event, String kind) {
        for (JsonNode record : event.get("Records")) {
            if (record.get("eventName").asText().equals(kind)) {
                Set<String> fields = fieldPaths(record, "");
                fields.removeIf(path -> path.matches("dynamodb\\.(Keys|NewImage|OldImage)\\..+"));
                return fields;
            }
        }
        throw new AssertionError("no " + kind + " record in " + event);
    }

    /** A request to every HTTP function with a query string, cookies, a repeated header and a body API Gateway base64-encodes. */
    static Stream<HttpApiRequest.Builder> requestsOfEveryFunction() {
        String token = Tokens.apns();
        return Stream.of(
                HttpApiRequest.of("POST", "/v1/devices?source=onboarding&source=push")
                        .header("X-Api-Key", SampleKeys.APP_KEY)
                        .body("{\"token\":\"" + token + "\",\"platform\":\"ios\"}"),
                HttpApiRequest.of("POST", "/v1/devices/import?batch=1").header("Authorization", "Bearer " + SampleKeys.SERVER_KEY)
                        .body("{\"devices\":[{\"token\":\"" + Tokens.apns() + "\",\"platform\":\"ios\",\"last_used\":\""
                                + Instant.now().minusSeconds(60) + "\"}]}"),
                HttpApiRequest.of("POST", "/v1/identify?source=login").header("X-Api-Key", SampleKeys.APP_KEY)
                        .body("{\"person_id\":\"formats-1\",\"token\":\"" + Tokens.apns() + "\",\"platform\":\"ios\"}"),
                HttpApiRequest.of("POST", "/v1/logout?source=settings").header("X-Api-Key", SampleKeys.APP_KEY)
                        .body("{\"person_id\":\"formats-1\",\"token\":\"" + Tokens.apns() + "\"}"),
                HttpApiRequest.of("PUT", "/v1/people/formats-2?source=crm").header("Authorization", "Bearer " + SampleKeys.SERVER_KEY)
                        .body("{\"unsubscribed\":true}"),
                HttpApiRequest.of("POST", "/v1/sends?source=campaign").header("Authorization", "Bearer " + SampleKeys.SERVER_KEY)
                        .body("{\"request_id\":\"formats-" + token + "\",\"person_id\":\"formats-1\",\"message\":{\"title\":\"x\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsOfEveryFunction")
    void everyFunctionReadsAQueryStringCookiesRepeatedHeadersAndABase64Body(HttpApiRequest.Builder request) throws Exception {
        HttpApiRequest built = request.header("Content-Type", "application/octet-stream")
                .header("Cookie", "session=8f14e45f; consent=analytics").header("Cookie", "theme=dark")
                .header("Accept", "application/json").header("Accept", "*/*").build();
        String routeKey = built.method() + " " + (built.rawPath().startsWith("/v1/people/") ? "/v1/people/{person_id}" : built.rawPath());
        Map<String, String> parameters = built.rawPath().startsWith("/v1/people/")
                ? Map.of("person_id", built.rawPath().substring("/v1/people/".length())) : Map.of();
        APIGatewayV2HTTPEvent event = HttpApiEvents.event(built, routeKey, parameters, NOW);
        assertTrue(event.getIsBase64Encoded(), "API Gateway base64-encodes a body that is not text");
        assertEquals(List.of("session=8f14e45f", "consent=analytics", "theme=dark"), event.getCookies());
        assertEquals("application/json,*/*", event.getHeaders().get("accept"));
        assertTrue(!event.getHeaders().containsKey("cookie"), "cookies are taken out of the headers");

        SendingHarness harness = SendingHarness.create();
        Endpoints endpoints = new Endpoints(harness.registry, LogoutPolicy.DELETE);
        APIGatewayV2HTTPResponse answer = endpoints.call(event);
        assertTrue(answer.getStatusCode() >= 200 && answer.getStatusCode() < 300, routeKey + ": " + answer.getBody());
        if (routeKey.equals("POST /v1/devices")) {
            String token = JSON.readTree(new String(built.body(), StandardCharsets.UTF_8)).get("token").asText();
            assertTrue(harness.registry.device(token).isPresent(), "the decoded body was registered");
        }
    }

    @Test
    void theSampleWithAQueryStringCookiesAndABase64BodyIsReadAsAwsSendsIt() throws Exception {
        APIGatewayV2HTTPEvent event = HttpEvents.read(new ByteArrayInputStream(
                Files.readAllBytes(SampleEvents.projectRoot().resolve("events/register-base64.json"))));
        assertEquals("source=onboarding", event.getRawQueryString());
        assertEquals(Map.of("source", "onboarding"), event.getQueryStringParameters());
        assertEquals(List.of("session=8f14e45f"), event.getCookies());
        assertTrue(event.getIsBase64Encoded());
        assertEquals("POST", event.getRequestContext().getHttp().getMethod());
        assertEquals("$default", event.getRequestContext().getStage());
        assertEquals("POST /v1/devices", event.getRequestContext().getRouteKey());
    }
}
