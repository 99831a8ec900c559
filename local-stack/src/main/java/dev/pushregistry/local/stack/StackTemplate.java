package dev.pushregistry.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code template.yaml} declares, as far as running it locally needs: the table, the queues
 * with their redrive, the functions with their handler, environment, HTTP routes, queue and stream
 * event sources and timeout, and the parameters' defaults. The YAML reader drops CloudFormation tags, so
 * {@code !Ref Queue} reads as {@code Queue} and {@code !GetAtt Queue.Arn} as {@code Queue.Arn}.
 */
final class StackTemplate {
    /** A function's timeout when the template gives none. */
    private static final int LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;
    private final JsonNode root;

    private StackTemplate(JsonNode root) {
        this.root = root;
    }

    static StackTemplate read(Path file) {
        try {
            return new StackTemplate(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot read " + file, failure);
        }
    }

    /** The one DynamoDB table. */
    TableSpec table() {
        for (Map.Entry<String, JsonNode> resource : resources()) {
            if (type(resource).equals("AWS::DynamoDB::Table")) {
                JsonNode properties = resource.getValue().path("Properties");
                String partitionKey = null;
                String sortKey = null;
                for (JsonNode key : properties.path("KeySchema")) {
                    if (key.path("KeyType").asText().equals("HASH")) {
                        partitionKey = key.path("AttributeName").asText();
                    } else {
                        sortKey = key.path("AttributeName").asText();
                    }
                }
                String ttl = properties.path("TimeToLiveSpecification").path("AttributeName").asText(null);
                String streamView = properties.path("StreamSpecification").path("StreamViewType").asText(null);
                return new TableSpec(resource.getKey(), partitionKey, sortKey, ttl, streamView);
            }
        }
        throw new IllegalStateException("template.yaml declares no DynamoDB table");
    }

    /** Every queue, dead-letter queues first. */
    List<QueueSpec> queues() {
        List<QueueSpec> deadLetters = new ArrayList<>();
        List<QueueSpec> others = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : resources()) {
            if (type(resource).equals("AWS::SQS::Queue")) {
                JsonNode properties = resource.getValue().path("Properties");
                JsonNode redrive = properties.path("RedrivePolicy");
                String deadLetterQueue = redrive.isMissingNode() ? null
                        : logicalId(redrive.path("deadLetterTargetArn").asText());
                QueueSpec queue = new QueueSpec(resource.getKey(), properties.path("VisibilityTimeout").asInt(30),
                        deadLetterQueue, redrive.path("maxReceiveCount").asInt(0));
                (deadLetterQueue == null ? deadLetters : others).add(queue);
            }
        }
        deadLetters.addAll(others);
        return deadLetters;
    }

    /** Every function, with its environment as declared (values still naming resources and parameters). */
    List<FunctionSpec> functions() {
        JsonNode globalFunction = root.path("Globals").path("Function");
        Map<String, String> globals = textMap(globalFunction.path("Environment").path("Variables"));
        List<FunctionSpec> functions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : resources()) {
            if (!type(resource).equals("AWS::Serverless::Function")) {
                continue;
            }
            JsonNode properties = resource.getValue().path("Properties");
            Map<String, String> environment = new LinkedHashMap<>(globals);
            environment.putAll(textMap(properties.path("Environment").path("Variables")));
            List<HttpRoute> routes = new ArrayList<>();
            List<QueueSource> sources = new ArrayList<>();
            List<StreamSource> streams = new ArrayList<>();
            for (JsonNode event : properties.path("Events")) {
                JsonNode eventProperties = event.path("Properties");
                switch (event.path("Type").asText()) {
                    case "HttpApi" -> routes.add(new HttpRoute(eventProperties.path("Method").asText().toUpperCase(),
                            eventProperties.path("Path").asText()));
                    case "SQS" -> sources.add(new QueueSource(logicalId(eventProperties.path("Queue").asText()),
                            eventProperties.path("BatchSize").asInt(10),
                            eventProperties.path("MaximumBatchingWindowInSeconds").asInt(0),
                            eventProperties.path("FunctionResponseTypes").toString().contains("ReportBatchItemFailures")));
                    case "DynamoDB" -> streams.add(new StreamSource(
                            eventProperties.path("BatchSize").asInt(100),
                            eventProperties.path("MaximumRetryAttempts").asInt(-1),
                            eventProperties.path("FunctionResponseTypes").toString().contains("ReportBatchItemFailures"),
                            logicalId(eventProperties.path("DestinationConfig").path("OnFailure").path("Destination")
                                    .asText(null))));
                    default -> throw new IllegalStateException(resource.getKey() + " has an event type the local stack"
                            + " does not run: " + event.path("Type").asText());
                }
            }
            String handler = properties.path("Handler").asText();
            Duration timeout = Duration.ofSeconds(properties.path("Timeout").asInt(
                    globalFunction.path("Timeout").asInt(LAMBDA_DEFAULT_TIMEOUT_SECONDS)));
            functions.add(new FunctionSpec(resource.getKey(), handler.substring(0, handler.indexOf("::")), environment,
                    timeout, routes, sources, streams));
        }
        return functions;
    }

    /** Each parameter's default value (empty for none). */
    Map<String, String> parameterDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        root.path("Parameters").fields().forEachRemaining(parameter ->
                defaults.put(parameter.getKey(), parameter.getValue().path("Default").asText("")));
        return defaults;
    }

    private Iterable<Map.Entry<String, JsonNode>> resources() {
        List<Map.Entry<String, JsonNode>> resources = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.path("Resources").fields();
        fields.forEachRemaining(resources::add);
        return resources;
    }

    private static String type(Map.Entry<String, JsonNode> resource) {
        return resource.getValue().path("Type").asText();
    }

    private static String logicalId(String reference) {
        if (reference == null) {
            return null;
        }
        return reference.endsWith(".Arn") ? reference.substring(0, reference.length() - ".Arn".length()) : reference;
    }

    private static Map<String, String> textMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        return map;
    }

    /**
     * The table: its logical id (the local table's name), keys, time-to-live attribute and stream
     * view ({@code null} without a stream).
     */
    record TableSpec(String logicalId, String partitionKey, String sortKey, String ttlAttribute, String streamView) {
    }

    /** A queue: its logical id (the local queue's name), visibility timeout and redrive. */
    record QueueSpec(String logicalId, int visibilityTimeoutSeconds, String deadLetterQueue, int maxReceiveCount) {
    }

    /** An HTTP API route. */
    record HttpRoute(String method, String path) {
        String routeKey() {
            return method + " " + path;
        }
    }

    /** An SQS event source mapping. */
    record QueueSource(String queue, int batchSize, int batchingWindowSeconds, boolean reportsBatchItemFailures) {
    }

    /**
     * A DynamoDB stream event source mapping (of the one table's stream).
     *
     * @param maximumRetryAttempts retries of a failed batch before it goes to {@code onFailureQueue}
     *     ({@code -1}: without end)
     * @param onFailureQueue the queue that gets a given-up batch's coordinates, or {@code null}
     */
    record StreamSource(int batchSize, int maximumRetryAttempts, boolean reportsBatchItemFailures,
                        String onFailureQueue) {
    }

    /**
     * A function as declared.
     *
     * @param timeout how long an invocation may run (its own {@code Timeout}, else the globals', else Lambda's 3 s)
     */
    record FunctionSpec(String logicalId, String handlerClass, Map<String, String> environment, Duration timeout,
                        List<HttpRoute> routes, List<QueueSource> queueSources, List<StreamSource> streamSources) {
    }
}
