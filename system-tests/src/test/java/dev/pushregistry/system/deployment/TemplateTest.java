package dev.pushregistry.system.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pushregistry.core.sending.DeliverySender;
import dev.pushregistry.core.sending.SenderSettings;
import dev.pushregistry.local.services.cloudformation.Stack;
import dev.pushregistry.store.dynamodb.DynamoDbRegistryStore;
import dev.pushregistry.store.dynamodb.fixtures.RegistryTable;
import dev.pushregistry.testing.LocalAws;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SendingHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The template declares what the code and the sample events assume. */
class TemplateTest {
    private static final String KEYS_SECRET = "arn:aws:secretsmanager:eu-central-1:000000000000:secret:keys-Ab12Cd";
    private static final Map<String, String> IDENTITY_SETTINGS = Map.of(
            "IdentityJwksUrl", "https://backend.example/.well-known/jwks.json",
            "IdentityIssuer", "https://backend.example", "IdentityAudience", "push-registry");

    private final JsonNode resources = read().get("Resources");

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(SampleEvents.projectRoot().resolve("template.yaml").toFile());
        } catch (IOException failure) {
            throw new IllegalStateException(failure);
        }
    }

    @Test
    void theTableHasTheKeysTtlAndRecoveryTheRegistryNeeds() {
        JsonNode table = resources.get("RegistryTable").get("Properties");
        assertEquals("PK", table.get("KeySchema").get(0).get("AttributeName").asText());
        assertEquals("HASH", table.get("KeySchema").get(0).get("KeyType").asText());
        assertEquals("SK", table.get("KeySchema").get(1).get("AttributeName").asText());
        assertEquals("RANGE", table.get("KeySchema").get(1).get("KeyType").asText());
        assertEquals(RegistryTable.TTL_ATTRIBUTE, table.get("TimeToLiveSpecification").get("AttributeName").asText());
        assertTrue(table.get("TimeToLiveSpecification").get("Enabled").asBoolean());
        assertTrue(table.get("PointInTimeRecoverySpecification").get("PointInTimeRecoveryEnabled").asBoolean());
    }

    @Test
    void aForgetsMarkOutlastsAnyRunOfThePeopleFunction() {
        JsonNode people = resources.get("PeopleFunction").get("Properties");
        int timeout = people.has("Timeout") ? people.get("Timeout").asInt()
                : read().get("Globals").get("Function").get("Timeout").asInt();
        assertTrue(Duration.ofSeconds(timeout).compareTo(DynamoDbRegistryStore.FORGET_LEASE) < 0,
                "a forget still running must hold its mark: timeout " + timeout + " s, lease "
                        + DynamoDbRegistryStore.FORGET_LEASE);
    }

    @Test
    void eachSenderTakesTheBatchItsTestsFeedItAndHasTimeToPushAndRecord() {
        for (String sender : List.of("SendApnsFunction", "SendFcmFunction")) {
            JsonNode properties = resources.get(sender).get("Properties");
            JsonNode trigger = properties.get("Events").get("Deliveries").get("Properties");
            assertEquals(SendingHarness.SENDER_BATCH, trigger.get("BatchSize").asInt(), sender);
            assertTrue(trigger.get("MaximumBatchingWindowInSeconds").asInt() >= 1,
                    sender + ": a batch of more than 10 messages needs a batching window");
            Duration timeout = Duration.ofSeconds(properties.get("Timeout").asInt());
            assertTrue(timeout.compareTo(SenderSettings.DEFAULTS.pushTimeout().plus(DeliverySender.TIME_TO_FINISH)
                    .multipliedBy(2)) >= 0, sender + ": as much of an invocation for starting pushes as is kept for ending them: " + timeout);
        }
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException unreadable) {
            throw new java.io.UncheckedIOException(unreadable);
        }
    }

    @Test
    void everySampleEventsRouteIsDeclaredAndEveryFunctionPointsAtItsModule() throws IOException {
        Set<String> declared = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            JsonNode resource = it.next().getValue();
            if (!"AWS::Serverless::Function".equals(resource.get("Type").asText())) {
                continue;
            }
            JsonNode properties = resource.get("Properties");
            String codeUri = properties.get("CodeUri").asText();
            Path module = SampleEvents.projectRoot().resolve(codeUri);
            String handlerClass = properties.get("Handler").asText().split("::")[0];
            Path source = module.resolve("src/main/java").resolve(handlerClass.replace('.', '/') + ".java");
            assertTrue(Files.isRegularFile(source), codeUri + " should be built from " + source);
            properties.path("Events").forEach(event -> {
                String type = event.get("Type").asText();
                if ("SQS".equals(type) || "DynamoDB".equals(type)) {
                    declared.add(type + " " + module.getFileName());
                } else {
                    declared.add(event.get("Properties").get("Method").asText() + " "
                            + event.get("Properties").get("Path").asText());
                }
            });
        }
        try (Stream<Path> events = Files.list(SampleEvents.projectRoot().resolve("events"))) {
            events.filter(path -> path.toString().endsWith(".json")).forEach(path -> {
                String name = path.getFileName().toString();
                String route = SampleEvents.load(name).getRouteKey();
                if (route == null) {
                    String source = readText(path).contains("\"aws:dynamodb\"") ? "DynamoDB " : "SQS ";
                    String consumer = source + name.substring(0, name.length() - ".json".length());
                    assertTrue(declared.contains(consumer), name + " is a queue or stream event for no function: " + consumer);
                } else {
                    assertTrue(declared.contains(route), name + " uses undeclared route " + route);
                }
            });
        }
    }

    @Test
    void everyRouteIsOneInvocationOfAFunctionThatChecksItsKeysItself() {
        assertFalse(resources.get("HttpApi").path("Properties").has("Auth"), "no Lambda authorizer in front of the routes");
        int routes = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            JsonNode properties = resource.getValue().path("Properties");
            boolean routed = false;
            for (JsonNode event : properties.path("Events")) {
                if ("HttpApi".equals(event.get("Type").asText())) {
                    routes++;
                    routed = true;
                    assertFalse(event.get("Properties").has("Auth"), resource.getKey() + " has an authorizer");
                }
            }
            if (routed) {
                assertEquals("ApiKeysSecretArn",
                        properties.get("Environment").get("Variables").get("API_KEYS_SECRET_ARN").asText(),
                        resource.getKey() + " reads the keys it checks");
            }
        }
        assertEquals(13, routes, "the routes of docs/openapi.yaml, one invocation each");
        for (String function : List.of("RegisterFunction", "IdentifyFunction", "LogoutFunction")) {
            JsonNode variables = resources.get(function).get("Properties").get("Environment").get("Variables");
            assertEquals("IdentityVerification", variables.get("IDENTITY_VERIFICATION").asText(), function);
            assertEquals("IdentityMaxTokenLifetimeSeconds", variables.get("IDENTITY_MAX_TOKEN_LIFETIME_SECONDS").asText(),
                    function);
            assertEquals("IdentityJwksUrl", variables.get("IDENTITY_JWKS_URL").asText(), function);
            assertEquals("IdentityIssuer", variables.get("IDENTITY_ISSUER").asText(), function);
            assertEquals("IdentityAudience", variables.get("IDENTITY_AUDIENCE").asText(), function);
        }
    }

    @Test
    void aDeploymentChoosesIdentityVerificationAndOnComesWithItsSettings() {
        Stack.Builder unchosen = LocalAws.get().stack().parameter("ApiKeysSecretArn", KEYS_SECRET);
        IllegalArgumentException silent = assertThrows(IllegalArgumentException.class, unchosen::build);
        assertTrue(silent.getMessage().contains("IdentityVerification"), silent.getMessage());

        for (String missing : List.of("IdentityJwksUrl", "IdentityIssuer", "IdentityAudience")) {
            Stack.Builder on = LocalAws.get().stack().parameter("ApiKeysSecretArn", KEYS_SECRET)
                    .parameter("IdentityVerification", "on");
            IDENTITY_SETTINGS.forEach((parameter, value) -> {
                if (!parameter.equals(missing)) {
                    on.parameter(parameter, value);
                }
            });
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, on::build, missing);
            assertTrue(refused.getMessage().contains("needs " + missing), refused.getMessage());
        }
        Stack.Builder offWithKeys = LocalAws.get().stack().parameter("ApiKeysSecretArn", KEYS_SECRET)
                .parameter("IdentityVerification", "off").parameter("IdentityJwksUrl", IDENTITY_SETTINGS.get("IdentityJwksUrl"));
        assertThrows(IllegalArgumentException.class, offWithKeys::build, "a JWKS that nothing would use");

        Stack.Builder on = LocalAws.get().stack().parameter("ApiKeysSecretArn", KEYS_SECRET)
                .parameter("IdentityVerification", "on");
        IDENTITY_SETTINGS.forEach(on::parameter);
        LocalAws.Deployment deployed = LocalAws.get().deploy(on.build());
        for (String function : List.of("RegisterFunction", "IdentifyFunction", "LogoutFunction")) {
            Map<String, String> environment = deployed.variables(function);
            assertEquals("on", environment.get("IDENTITY_VERIFICATION"), function);
            assertEquals(IDENTITY_SETTINGS.get("IdentityJwksUrl"), environment.get("IDENTITY_JWKS_URL"), function);
            assertEquals("https://backend.example", environment.get("IDENTITY_ISSUER"), function);
            assertEquals("push-registry", environment.get("IDENTITY_AUDIENCE"), function);
        }
    }

    @Test
    void everyFunctionStartsFromASnapshotOfItsPublishedVersionInvokedThroughItsAlias() {
        JsonNode globals = read().get("Globals").get("Function");
        assertEquals("PublishedVersions", globals.get("SnapStart").get("ApplyOn").asText());
        assertEquals("live", globals.get("AutoPublishAlias").asText(), "events invoke the alias, not $LATEST");
        int functions = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if ("AWS::Serverless::Function".equals(resource.getValue().get("Type").asText())) {
                functions++;
                JsonNode properties = resource.getValue().get("Properties");
                assertFalse(properties.has("SnapStart") || properties.has("AutoPublishAlias"),
                        resource.getKey() + " overrides the snapshot settings every function shares");
                assertFalse(properties.has("ProvisionedConcurrencyConfig"), "SnapStart excludes provisioned concurrency");
            }
        }
        assertEquals(10, functions);
    }

    @Test
    void everyFunctionLogsJsonLinesFromTheChosenLevelAndWritesItsMetricsInTheChosenNamespace() {
        JsonNode template = read();
        JsonNode globals = template.get("Globals").get("Function");
        JsonNode logging = globals.get("LoggingConfig");
        assertEquals("JSON", logging.get("LogFormat").asText());
        // the YAML reader keeps a !Ref's target as the value
        assertEquals("LogLevel", logging.get("ApplicationLogLevel").asText());
        assertEquals("INFO", template.get("Parameters").get("LogLevel").get("Default").asText());
        assertEquals("MetricsNamespace", globals.get("Environment").get("Variables").get("METRICS_NAMESPACE").asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if ("AWS::Serverless::Function".equals(resource.getValue().get("Type").asText())) {
                JsonNode own = resource.getValue().get("Properties").path("LoggingConfig");
                assertEquals(List.of("LogGroup"), iterable(own.fieldNames()),
                        resource.getKey() + " overrides only where the logging every function shares goes");
                assertEquals(resource.getKey() + "LogGroup", own.get("LogGroup").asText());
            }
        }
    }

    /** Each function's logical id, with the condition its alarm shares with it. */
    private static final Map<String, String> FUNCTIONS = Map.of("RegisterFunction", "HasAlarmTopic",
            "IdentifyFunction", "HasAlarmTopic", "LogoutFunction", "HasAlarmTopic", "PeopleFunction", "HasAlarmTopic",
            "SendsFunction", "HasAlarmTopic", "DispatchFunction", "HasAlarmTopic", "SendApnsFunction", "AlarmOnApns",
            "SendFcmFunction", "AlarmOnFcm", "ImportFunction", "HasAlarmTopic", "EventsFunction", "HasAlarmTopic");

    private JsonNode alarm(String logicalId, String condition) {
        JsonNode alarm = resources.get(logicalId);
        assertTrue(alarm != null && "AWS::CloudWatch::Alarm".equals(alarm.get("Type").asText()), logicalId);
        assertEquals(condition, alarm.get("Condition").asText(), logicalId + " exists only with a topic to notify");
        JsonNode properties = alarm.get("Properties");
        assertEquals("[\"AlarmTopicArn\"]", properties.get("AlarmActions").toString(), logicalId);
        assertEquals("[\"AlarmTopicArn\"]", properties.get("OKActions").toString(), logicalId);
        assertEquals("notBreaching", properties.get("TreatMissingData").asText(), logicalId);
        return properties;
    }

    @Test
    void everyAlarmWatchesTheResourceItNamesAndNotifiesTheTopic() {
        JsonNode events = alarm("EventsDeadLetterAlarm", "HasAlarmTopic");
        assertEquals("EventsDeadLetterQueue.QueueName", events.get("Dimensions").get(0).get("Value").asText());
        JsonNode behind = alarm("EventsIteratorAgeAlarm", "HasAlarmTopic");
        assertEquals("IteratorAge", behind.get("MetricName").asText());
        assertEquals("EventsFunction", behind.get("Dimensions").get(0).get("Value").asText());
        for (String queue : List.of("SendRequests", "ApnsDeliveries", "FcmDeliveries")) {
            JsonNode dead = alarm(queue + "DeadLetterAlarm", "HasAlarmTopic");
            assertEquals("ApproximateNumberOfMessagesVisible", dead.get("MetricName").asText());
            assertEquals(queue + "DeadLetterQueue.QueueName", dead.get("Dimensions").get(0).get("Value").asText());
            assertEquals(0, dead.get("Threshold").asInt(), "any message in a dead-letter queue");
            JsonNode age = alarm(queue + "AgeAlarm", "HasAlarmTopic");
            assertEquals("ApproximateAgeOfOldestMessage", age.get("MetricName").asText());
            assertEquals(queue + "Queue.QueueName", age.get("Dimensions").get(0).get("Value").asText());
            assertEquals("QueueAgeAlarmSeconds", age.get("Threshold").asText());
        }
        for (String provider : List.of("Apns", "Fcm")) {
            JsonNode configuration = alarm(provider + "ConfigurationErrorAlarm", "AlarmOn" + provider);
            assertEquals("MetricsNamespace", configuration.get("Namespace").asText());
            assertEquals("ConfigurationErrors", configuration.get("MetricName").asText());
            assertEquals(provider.toLowerCase(), configuration.get("Dimensions").get(0).get("Value").asText());
        }
        int functions = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if ("AWS::Serverless::Function".equals(resource.getValue().get("Type").asText())) {
                functions++;
                JsonNode errors = alarm(resource.getKey() + "ErrorsAlarm", FUNCTIONS.get(resource.getKey()));
                List<String> watched = new ArrayList<>();
                errors.get("Metrics").forEach(metric -> {
                    if (metric.has("MetricStat")) {
                        JsonNode stat = metric.get("MetricStat").get("Metric");
                        assertEquals(resource.getKey(), stat.get("Dimensions").get(0).get("Value").asText());
                        watched.add(stat.get("MetricName").asText());
                    }
                });
                assertEquals(List.of("Errors", "Throttles"), watched, resource.getKey());
            }
        }
        assertEquals(FUNCTIONS.size(), functions);
        JsonNode api = alarm("Api5xxAlarm", "HasAlarmTopic");
        assertEquals("Api5xxAlarmPercent", api.get("Threshold").asText());
        api.get("Metrics").forEach(metric -> {
            if (metric.has("MetricStat")) {
                assertEquals("HttpApi", metric.get("MetricStat").get("Metric").get("Dimensions").get(0).get("Value").asText());
            }
        });
    }

    @Test
    void theDashboardShowsRequestsDeliveriesOutcomesQueuesAnswersAndFunctions() throws IOException {
        JsonNode dashboard = resources.get("Dashboard");
        assertFalse(dashboard.has("Condition"), "the dashboard is always there");
        String body = dashboard.get("Properties").get("DashboardBody").asText()
                .replaceAll("\\$\\{([A-Za-z:]+)(\\.QueueName)?}", "$1$2");
        JsonNode widgets = new ObjectMapper().readTree(body).get("widgets");
        String shown = widgets.toString();
        for (String metric : List.of("SendRequests", "People", "DeliveriesPlanned", "Pushes", "ConfigurationErrors",
                "PushesUnavailable", "PushesDeferred", "PushLatency", "Answers", "MessagesRetried", "DeadLetters")) {
            assertTrue(shown.contains("MetricName=\\\"" + metric + "\\\""), metric);
        }
        for (String queue : List.of("SendRequests", "ApnsDeliveries", "FcmDeliveries")) {
            assertTrue(shown.contains(queue + "Queue.QueueName") && shown.contains(queue + "DeadLetterQueue.QueueName"),
                    queue);
        }
        for (String lambda : List.of("Duration", "Errors", "Throttles")) {
            assertTrue(shown.contains("{AWS/Lambda,FunctionName} MetricName=\\\"" + lambda), lambda);
        }
        assertTrue(widgets.size() >= 10);
    }

    @Test
    void theOperatorSetsHowHardEachQueueTheApiAndEachFunctionMayGo() {
        Map<String, String> triggers = Map.of("DispatchFunction", "DispatchMaxConcurrency",
                "SendApnsFunction", "ApnsMaxConcurrency", "SendFcmFunction", "FcmMaxConcurrency");
        triggers.forEach((function, parameter) -> {
            JsonNode events = resources.get(function).get("Properties").get("Events");
            events.forEach(event -> assertEquals(parameter,
                    event.get("Properties").get("ScalingConfig").get("MaximumConcurrency").asText(), function));
        });
        JsonNode route = resources.get("HttpApi").get("Properties").get("DefaultRouteSettings");
        assertEquals("ApiThrottlingRateLimit", route.get("ThrottlingRateLimit").asText());
        assertEquals("ApiThrottlingBurstLimit", route.get("ThrottlingBurstLimit").asText());
        for (Map.Entry<String, String> function : FUNCTIONS.entrySet()) {
            if (function.getKey().equals("EventsFunction")) {
                continue; // a stream's function runs one invocation per shard at a time, whatever is reserved
            }
            String reserve = switch (function.getKey()) {
                case "DispatchFunction" -> "ReserveForDispatch";
                case "SendApnsFunction", "SendFcmFunction" -> "ReserveForSenders";
                default -> "ReserveForEndpoints";
            };
            assertEquals(reserve, resources.get(function.getKey()).get("Properties").get("ReservedConcurrentExecutions")
                    .get(0).asText(), function.getKey() + " reserves concurrency only when asked");
        }
        JsonNode parameters = read().get("Parameters");
        assertEquals(-1, parameters.get("EndpointReservedConcurrency").get("Default").asInt(), "nothing reserved unless set");
        assertEquals("Tracing", read().get("Globals").get("Function").get("Tracing").asText());
        assertEquals("PassThrough", parameters.get("Tracing").get("Default").asText(), "X-Ray off unless asked");
    }

    /** Reading the API keys' secret: what every endpoint function may do besides its own work. */
    private static final String KEYS = "secretsmanager:GetSecretValue ApiKeysSecretArn";

    @Test
    void eachFunctionMayTouchOnlyWhatItUses() {
        Map<String, Set<String>> expected = Map.of(
                "RegisterFunction", Set.of("dynamodb RegistryTable.Arn", KEYS),
                "IdentifyFunction", Set.of("dynamodb RegistryTable.Arn", KEYS),
                "LogoutFunction", Set.of("dynamodb RegistryTable.Arn", KEYS),
                "PeopleFunction", Set.of("dynamodb RegistryTable.Arn", KEYS),
                "ImportFunction", Set.of("dynamodb RegistryTable.Arn", KEYS));
        expected.forEach((function, allowed) -> {
            Set<String> granted = new HashSet<>();
            for (JsonNode policy : resources.get(function).get("Properties").get("Policies")) {
                for (JsonNode statement : policy.get("Statement")) {
                    assertEquals("Allow", statement.get("Effect").asText());
                    for (JsonNode action : statement.get("Action").isArray() ? statement.get("Action")
                            : new ObjectMapper().createArrayNode().add(statement.get("Action"))) {
                        String service = action.asText().startsWith("dynamodb:") ? "dynamodb" : action.asText();
                        granted.add(service + " " + statement.get("Resource").asText());
                    }
                }
            }
            assertEquals(allowed, granted, function);
        });
    }

    @Test
    void theEventsFunctionReadsTheTablesStreamFromItsStartAndPublishesOnTheBus() {
        assertEquals("NEW_AND_OLD_IMAGES", resources.get("RegistryTable").get("Properties").get("StreamSpecification")
                .get("StreamViewType").asText(), "the function needs each item before and after");
        JsonNode function = resources.get("EventsFunction").get("Properties");
        JsonNode stream = function.get("Events").get("TableStream");
        assertEquals("DynamoDB", stream.get("Type").asText());
        JsonNode source = stream.get("Properties");
        assertEquals("RegistryTable.StreamArn", source.get("Stream").asText());
        assertEquals("TRIM_HORIZON", source.get("StartingPosition").asText());
        assertEquals("ReportBatchItemFailures", source.get("FunctionResponseTypes").get(0).asText());
        assertEquals("EventsDeadLetterQueue.Arn", source.get("DestinationConfig").get("OnFailure").get("Destination").asText());
        Set<String> actions = new HashSet<>();
        function.get("Policies").forEach(policy -> policy.get("Statement").forEach(statement ->
                statement.get("Action").forEach(action -> actions.add(action.asText()))));
        assertEquals(Set.of("dynamodb:Query", "dynamodb:UpdateItem", "events:PutEvents"), actions,
                "reads summaries and notes, claims a completion, publishes; writes nothing else");
        JsonNode webhook = resources.get("WebhookRule").get("Properties").get("Targets").get(0);
        assertEquals("$.detail", webhook.get("InputPath").asText(), "the webhook gets the event's own JSON");
        assertEquals("EventsDeadLetterQueue.Arn", webhook.get("DeadLetterConfig").get("Arn").asText());
        assertEquals("HasWebhook", resources.get("WebhookConnection").get("Condition").asText());
    }

    @Test
    void everyQueueDeadLettersAndEveryQueueConsumerReportsPartialFailures() {
        int queues = 0;
        int consumers = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode resource = entry.getValue();
            if ("AWS::SQS::Queue".equals(resource.get("Type").asText()) && !entry.getKey().endsWith("DeadLetterQueue")) {
                queues++;
                JsonNode redrive = resource.get("Properties").get("RedrivePolicy");
                assertTrue(redrive != null && redrive.has("deadLetterTargetArn"), entry.getKey() + " has a dead-letter queue");
                assertTrue(resources.has(entry.getKey().replace("Queue", "DeadLetterQueue")), entry.getKey());
            }
            if ("AWS::Serverless::Function".equals(resource.get("Type").asText())) {
                for (JsonNode event : resource.get("Properties").path("Events")) {
                    if ("SQS".equals(event.get("Type").asText())) {
                        consumers++;
                        assertEquals("ReportBatchItemFailures",
                                event.get("Properties").get("FunctionResponseTypes").get(0).asText(), entry.getKey());
                        JsonNode variables = resource.get("Properties").get("Environment").get("Variables");
                        assertTrue(variables.has("QUEUE_URL") && variables.has("DEAD_LETTER_QUEUE_URL"), entry.getKey());
                    }
                }
            }
        }
        assertEquals(3, queues, "send requests, APNs deliveries, FCM deliveries");
        assertEquals(3, consumers, "dispatch and the two senders");
    }

    @Test
    void secretsAreNamedByArnAndNeverWrittenIntoTheTemplate() throws IOException {
        String text = Files.readString(SampleEvents.projectRoot().resolve("template.yaml"));
        assertFalse(text.contains("BEGIN PRIVATE KEY"), "no key material in the template");
        assertFalse(text.contains("private_key_id"), "no service account in the template");
        JsonNode apns = resources.get("SendApnsFunction").get("Properties").get("Environment").get("Variables");
        JsonNode fcm = resources.get("SendFcmFunction").get("Properties").get("Environment").get("Variables");
        assertTrue(apns.has("APNS_SECRET_ARN"));
        assertTrue(fcm.has("FCM_SECRET_ARN"));
        assertFalse(read().get("Parameters").get("ApiKeysSecretArn").has("Default"), "a deployment must name its keys");
    }

    @Test
    void eachSenderMayReadOnlyItsOwnProvidersPushSecretsOfEveryApp() {
        Map<String, String> providers = Map.of("SendApnsFunction", "apns", "SendFcmFunction", "fcm");
        providers.forEach((function, provider) -> {
            List<String> readable = new ArrayList<>();
            for (JsonNode policy : resources.get(function).get("Properties").get("Policies")) {
                for (JsonNode statement : policy.get("Statement")) {
                    if (statement.get("Action").toString().contains("secretsmanager")) {
                        assertEquals("[\"secretsmanager:GetSecretValue\"]", statement.get("Action").toString(), function);
                        statement.get("Resource").forEach(resource -> readable.add(resource.toString()));
                    }
                }
            }
            String other = provider.equals("apns") ? "fcm" : "apns";
            assertEquals(2, readable.size(), function + ": the default app's ARN (when given) and the apps' secrets");
            assertTrue(readable.get(0).contains(provider.equals("apns") ? "ApnsSecretArn" : "FcmSecretArn"), readable.get(0));
            assertTrue(readable.get(1).endsWith(":secret:${AppSecretsPrefix}*/" + provider + "-??????\""), readable.get(1));
            readable.forEach(resource -> assertFalse(resource.contains("/" + other) || resource.contains("ApiKeys"),
                    function + " reads no other secret: " + resource));
            JsonNode variables = resources.get(function).get("Properties").get("Environment").get("Variables");
            assertEquals("AppSecretsPrefix", variables.get("APP_SECRETS_PREFIX").asText());
        });
        JsonNode globals = read().get("Globals").get("Function").get("Environment").get("Variables");
        assertEquals("DefaultAppId", globals.get("DEFAULT_APP_ID").asText(), "every function knows the apps");
        assertEquals("AppIds", globals.get("APP_IDS").asText());
        assertEquals("main", read().get("Parameters").get("DefaultAppId").get("Default").asText());
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> all = new ArrayList<>();
        names.forEachRemaining(all::add);
        return all;
    }
}
