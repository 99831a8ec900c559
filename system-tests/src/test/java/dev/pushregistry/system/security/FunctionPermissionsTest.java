package dev.pushregistry.system.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.registry.DeviceFields;
import dev.pushregistry.core.registry.IdentifyCommand;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.functions.dispatch.DispatchHandler;
import dev.pushregistry.functions.identify.IdentifyHandler;
import dev.pushregistry.functions.imports.ImportHandler;
import dev.pushregistry.functions.lifecycle.LifecycleHandler;
import dev.pushregistry.functions.logout.LogoutHandler;
import dev.pushregistry.functions.people.PeopleHandler;
import dev.pushregistry.functions.register.RegisterHandler;
import dev.pushregistry.functions.send.apns.ApnsSendHandler;
import dev.pushregistry.functions.send.fcm.FcmSendHandler;
import dev.pushregistry.functions.sends.SendsHandler;
import dev.pushregistry.local.services.LocalApns;
import dev.pushregistry.local.services.LocalEventBus;
import dev.pushregistry.local.services.LocalFcm;
import dev.pushregistry.local.services.PushInbox;
import dev.pushregistry.local.services.Verdict;
import dev.pushregistry.local.services.iam.IamGateway;
import dev.pushregistry.secrets.SecretsManagerReader;
import dev.pushregistry.store.dynamodb.fixtures.DynamoDbLocal;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.system.Endpoints;
import dev.pushregistry.testing.FunctionEnvironments;
import dev.pushregistry.testing.LambdaInvocations;
import dev.pushregistry.testing.LocalAws;
import dev.pushregistry.testing.LocalSecretsManager;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SampleKeys;
import dev.pushregistry.testing.SendingHarness;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The template's IAM policies are enough, and needed: every function is wired from the environment
 * the template gives it, with its own role's credentials ({@link FunctionEnvironments}), and calls
 * DynamoDB, SQS and EventBridge through the IAM gateways, which refuse what its policy in
 * {@code template.yaml} (with what SAM attaches) does not allow, by action and resource, as AWS
 * does. A scenario that takes every function's paths (refreshes, moves, both logout policies,
 * forgetting, imports, sends, bounces, unregistered tokens, retries, dead letters, hand-overs,
 * events) must meet no refusal; without one statement a function needs, it fails.
 */
class FunctionPermissionsTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final Map<String, String> KEYS = Map.of("APP_KEYS", SampleKeys.APP_KEY,
            "APP_KEYS_OTHER", SampleKeys.OTHER_APP_KEY, "SERVER_KEYS", SampleKeys.SERVER_KEY);
    private static final Map<String, String> FUNCTION_OF_ROUTE = Map.of(
            "POST /v1/devices", "RegisterFunction",
            "POST /v1/devices/import", "ImportFunction",
            "POST /v1/identify", "IdentifyFunction",
            "POST /v1/logout", "LogoutFunction",
            "POST /v1/sends", "SendsFunction",
            "GET /v1/sends/{request_id}", "SendsFunction");
    private static final Map<String, BiFunction<Settings, Clock, RequestStreamHandler>> HTTP_FUNCTIONS = Map.of(
            "RegisterFunction", (settings, clock) -> new RegisterHandler(RegisterHandler.partsFrom(settings, clock)),
            "ImportFunction", (settings, clock) -> new ImportHandler(ImportHandler.partsFrom(settings, clock)),
            "IdentifyFunction", (settings, clock) -> new IdentifyHandler(IdentifyHandler.partsFrom(settings, clock)),
            "LogoutFunction", (settings, clock) -> new LogoutHandler(LogoutHandler.partsFrom(settings, clock)),
            "PeopleFunction", (settings, clock) -> new PeopleHandler(PeopleHandler.partsFrom(settings, clock)),
            "SendsFunction", (settings, clock) -> new SendsHandler(SendsHandler.partsFrom(settings, clock)));

    /** The HTTP functions of a deployment, wired from their environments, called as API Gateway calls them. */
    private static final class Endpoints {
        private final Map<String, RequestStreamHandler> handlers = new HashMap<>();

        Endpoints(FunctionEnvironments environments, SendingHarness harness, LogoutPolicy policy) {
            HTTP_FUNCTIONS.forEach((function, wiring) -> {
                Map<String, String> environment = environments.endpoint(function);
                environment.putAll(KEYS);
                environment.put("LOGOUT_POLICY", policy.name().toLowerCase());
                environment.put("SEND_REQUESTS_QUEUE_URL", harness.sendRequests);
                handlers.put(function, wiring.apply(new Settings(environment), CLOCK));
            });
        }

        void call(String sample, String personId, String body) {
            APIGatewayV2HTTPEvent event = personId == null ? SampleEvents.withBody(sample, body)
                    : SampleEvents.forPerson(sample, personId, body);
            String function = FUNCTION_OF_ROUTE.getOrDefault(event.getRouteKey(), "PeopleFunction");
            int status = LambdaInvocations.http(handlers.get(function), function, event).getStatusCode();
            assertTrue(status < 500, event.getRouteKey() + " answered " + status);
        }
    }

    @Test
    void everyCallEachFunctionMakesIsAllowedByItsPolicy() throws Exception {
        SendingHarness harness = SendingHarness.create();
        FunctionEnvironments environments = new FunctionEnvironments(harness,
                Map.of("MAX_ATTEMPTS", "2", "RETRY_BACKOFF_SECONDS", "1"));
        PushInbox inbox = new PushInbox();
        try (LocalApns apns = LocalApns.start(inbox, CLOCK);
             LocalFcm fcm = LocalFcm.start(0, inbox, CLOCK);
             LocalEventBus bus = LocalEventBus.start(0, CLOCK, Optional.empty());
             IamGateway eventBridge = LocalAws.get().gatewayTo(URI.create(bus.endpointUrl()))) {
            DynamoDbLocal.server().client().updateTable(update -> update.tableName(harness.registry.table())
                    .streamSpecification(stream -> stream.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
            for (LogoutPolicy policy : LogoutPolicy.values()) {
                endpointScenario(new Endpoints(environments, harness, policy), harness, "perm-" + policy.name().toLowerCase());
            }

            String sent = harness.registry.identifiedIosDevice("perm-send");
            String bouncing = harness.registry.identifiedIosDevice("perm-send");
            String busy = harness.registry.identifiedIosDevice("perm-send");
            String tablet = Tokens.fcm();
            String gone = Tokens.fcm();
            for (String token : new String[] {tablet, gone}) {
                harness.registry.devices().identify(new IdentifyCommand("perm-send",
                        new DeviceFields(TestRegistry.APP, token, Platform.ANDROID, null, null, true, null)),
                        harness.registry.clock().instant());
            }
            inbox.setVerdict(bouncing, Verdict.BAD_TOKEN, null);
            inbox.setVerdict(busy, Verdict.UNAVAILABLE, null);
            inbox.setVerdict(gone, Verdict.UNREGISTERED, null);
            harness.submit(SendingHarness.request("perm-all", "perm-send", "", "{\"title\":\"x\"}"));
            harness.submit("not json");
            sendAll(environments, harness, apns, fcm);
            assertFalse(inbox.pushes(sent).isEmpty(), "the scenario pushed");
            assertEquals("done", harness.summary("perm-all").state());

            LifecycleHandler events = new LifecycleHandler(LifecycleHandler.partsFrom(new Settings(environments.events(eventBridge.endpoint().toString()))));
            StreamRead stream = streamOf(harness.registry.table());
            LambdaInvocations.stream(events, "EventsFunction", stream.records(), stream.arn());
            assertFalse(bus.events(null, null).isEmpty(), "the scenario's writes were published");

            Map<String, Set<String>> allowed = new HashMap<>();
            for (IamGateway gateway : List.of(LocalAws.get().dynamoDb(), LocalAws.get().sqs(), eventBridge)) {
                gateway.allowed().forEach((caller, calls) -> allowed.computeIfAbsent(caller, key -> new TreeSet<>()).addAll(calls));
            }
            for (String function : environments.deployment().credentials().keySet()) {
                Set<String> calls = allowed.get(environments.caller(function));
                System.out.printf("%-18s %s%n", function, calls);
                assertTrue(calls != null && !calls.isEmpty(), function + " made no AWS call in the scenario");
            }
            assertEquals(List.of(), environments.refusals(eventBridge), "calls IAM refused");
        }
    }

    private static void endpointScenario(Endpoints endpoints, SendingHarness harness, String person) {
        String phone = Tokens.apns();
        String refreshed = Tokens.apns();
        endpoints.call("register.json", null, "{\"token\":\"" + phone + "\",\"platform\":\"ios\"}");
        endpoints.call("identify.json", null, "{\"person_id\":\"" + person + "\",\"token\":\"" + phone + "\"}");
        endpoints.call("register.json", null, "{\"token\":\"" + refreshed + "\",\"platform\":\"ios\",\"previous_token\":\""
                + phone + "\"}");
        endpoints.call("identify.json", null, "{\"person_id\":\"" + person + "-2\",\"token\":\"" + refreshed + "\"}");
        endpoints.call("logout.json", null, "{\"person_id\":\"" + person + "-2\",\"token\":\"" + refreshed + "\"}");
        endpoints.call("people-devices.json", person, null);
        endpoints.call("people-token-history.json", person, null);
        endpoints.call("people-update.json", person, "{\"unsubscribed\":true}");
        endpoints.call("identify.json", null, "{\"person_id\":\"" + person + "\",\"token\":\"" + Tokens.apns()
                + "\",\"platform\":\"ios\"}");
        endpoints.call("people-devices.json", person, null);
        endpoints.call("people-forget.json", person, null);
        endpoints.call("sends-post.json", null, "{\"request_id\":\"" + person + "\",\"person_id\":\"" + person
                + "-2\",\"message\":{\"title\":\"x\"}}");
        endpoints.call("sends-get.json", null, null);
        String lastUsed = harness.registry.clock().instant().minusSeconds(60).toString();
        endpoints.call("devices-import.json", null, "{\"devices\":[{\"app_id\":\"" + TestRegistry.APP
                + "\",\"token\":\"" + Tokens.apns() + "\",\"platform\":\"ios\",\"person_id\":\"" + person
                + "-3\",\"last_used\":\"" + lastUsed + "\"},{\"app_id\":\"" + TestRegistry.APP + "\",\"token\":\""
                + refreshed + "\",\"platform\":\"ios\",\"person_id\":\"" + person + "-4\",\"last_used\":\""
                + harness.registry.clock().instant().plusSeconds(60) + "\"}]}");
    }

    /** Dispatches and sends until every queue is empty, as the queue triggers would, each function wired from its environment. */
    private static void sendAll(FunctionEnvironments environments, SendingHarness harness, LocalApns apns, LocalFcm fcm) {
        try (ApnsSendHandler apnsSender = new ApnsSendHandler(ApnsSendHandler.partsFrom(new Settings(environments.apnsSender(apns)), CLOCK));
             FcmSendHandler fcmSender = new FcmSendHandler(FcmSendHandler.partsFrom(new Settings(environments.fcmSender(fcm)), CLOCK))) {
            DispatchHandler dispatch = new DispatchHandler(DispatchHandler.partsFrom(new Settings(environments.dispatch()), CLOCK));
            harness.drain(harness.sendRequests, event -> LambdaInvocations.invoke(dispatch, "DispatchFunction", event));
            // a retried message comes back after its back-off: wait for it (long polling), as Lambda's poller does
            for (int round = 0; round < 30 && harness.depth(harness.apnsDeliveries) + harness.depth(harness.fcmDeliveries) > 0;
                 round++) {
                harness.runOnce(harness.apnsDeliveries, event -> LambdaInvocations.invoke(apnsSender, "SendApnsFunction",
                        event), 1);
                harness.runOnce(harness.fcmDeliveries, event -> LambdaInvocations.invoke(fcmSender, "SendFcmFunction",
                        event), 1);
            }
        }
    }

    @Test
    void aFunctionWithoutAStatementItNeedsIsRefusedAndItsWorkFails() {
        SendingHarness harness = SendingHarness.create();
        JsonNode template = LocalAws.get().template().deepCopy();
        ArrayNode statements = (ArrayNode) template.path("Resources").path("DispatchFunction").path("Properties")
                .path("Policies").get(0).path("Statement");
        boolean removed = false;
        for (int index = 0; index < statements.size(); index++) {
            if (statements.get(index).path("Action").toString().contains("sqs:SendMessage")) {
                statements.remove(index);
                removed = true;
                break;
            }
        }
        assertTrue(removed, "the template lets dispatch queue deliveries");
        FunctionEnvironments environments = new FunctionEnvironments(harness, Map.of(), template);
        harness.registry.identifiedIosDevice("no-statement");
        harness.submit(SendingHarness.request("no-statement", "no-statement", "", "{\"title\":\"x\"}"));

        DispatchHandler dispatch = new DispatchHandler(DispatchHandler.partsFrom(new Settings(environments.dispatch()), CLOCK));
        harness.runOnce(harness.sendRequests, event -> LambdaInvocations.invoke(dispatch, "DispatchFunction", event));

        List<IamGateway.Refusal> refusals = environments.refusals();
        assertFalse(refusals.isEmpty(), "dispatch queued deliveries without the statement that allows it");
        IamGateway.Refusal refusal = refusals.get(0);
        assertEquals(environments.caller("DispatchFunction"), refusal.caller());
        assertEquals("sqs:SendMessage", refusal.action());
        String apnsQueue = harness.apnsDeliveries.substring(harness.apnsDeliveries.lastIndexOf('/') + 1);
        assertEquals("arn:aws:sqs:eu-central-1:000000000000:" + apnsQueue, refusal.resource());
        assertTrue(refusal.message().contains("is not authorized to perform: sqs:SendMessage on resource: "
                + refusal.resource()), refusal.message());
        assertEquals(0, harness.depth(harness.apnsDeliveries), "nothing was queued for the device");
        assertEquals(1, harness.depth(harness.sendRequests), "the send request is left to be tried again");
    }

    @Test
    void aSenderThatCannotRecordAPushHandsItOverOnItsOwnQueueAndPushesEachDeviceOnce() throws Exception {
        SendingHarness harness = SendingHarness.create();
        FunctionEnvironments environments = new FunctionEnvironments(harness, Map.of("RETRY_BACKOFF_SECONDS", "1"));
        String throttled = harness.registry.identifiedIosDevice("hand-over");
        String fine = harness.registry.identifiedIosDevice("hand-over");
        harness.submit(SendingHarness.request("hand-over", "hand-over", "", "{\"title\":\"x\"}"));
        DispatchHandler dispatch = new DispatchHandler(DispatchHandler.partsFrom(new Settings(environments.dispatch()), CLOCK));
        harness.drain(harness.sendRequests, event -> LambdaInvocations.invoke(dispatch, "DispatchFunction", event));

        PushInbox inbox = new PushInbox();
        String sender = environments.caller("SendApnsFunction");
        try (LocalApns apns = LocalApns.start(inbox, CLOCK);
             ApnsSendHandler handler = new ApnsSendHandler(ApnsSendHandler.partsFrom(new Settings(environments.apnsSender(apns)), CLOCK))) {
            try (AutoCloseable tableThrottles = LocalAws.get().dynamoDb().throttle(call -> call.caller().equals(sender)
                    && call.is("PutItem") && call.body().path("Item").path("PK").path("S").asText().startsWith("TOKEN#" + throttled))) {
                harness.runOnce(harness.apnsDeliveries, event -> LambdaInvocations.invoke(handler, "SendApnsFunction", event));
            }
            assertEquals(DeviceStatus.SENT, harness.registry.device(fine).orElseThrow().status());
            assertEquals(DeviceStatus.UNUSED, harness.registry.device(throttled).orElseThrow().status(),
                    "the table refused the device's write");
            // the follow-up comes after its back-off: long polling answers as soon as it is there
            for (int round = 0; round < 10 && harness.depth(harness.apnsDeliveries) > 0; round++) {
                harness.runOnce(harness.apnsDeliveries, event -> LambdaInvocations.invoke(handler, "SendApnsFunction", event), 2);
            }
        }
        assertEquals(1, inbox.pushes(throttled).size(), "pushed once: the follow-up only records");
        assertEquals(1, inbox.pushes(fine).size());
        assertEquals(List.of(), environments.refusals(), "calls IAM refused");
        assertEquals(DeviceStatus.SENT, harness.registry.device(throttled).orElseThrow().status());
        assertEquals("done", harness.summary("hand-over").state());
        harness.registry.assertConsistent();
    }

    @Test
    void eachSenderMayReadItsOwnProvidersSecretOfEveryAppAndNoOther() throws Exception {
        SendingHarness harness = SendingHarness.create();
        FunctionEnvironments environments = new FunctionEnvironments(harness, Map.of());
        String main = harness.registry.identifiedIosDevice("secrets");
        String other = Tokens.apns();
        harness.registry.devices().identify(new IdentifyCommand("secrets",
                new DeviceFields(TestRegistry.OTHER_APP, other, Platform.IOS, null, null, true, null)),
                harness.registry.clock().instant());
        harness.submit(SendingHarness.request("secrets", "secrets", "", "{\"title\":\"x\"}"));
        DispatchHandler dispatch = new DispatchHandler(DispatchHandler.partsFrom(new Settings(environments.dispatch()), CLOCK));
        harness.drain(harness.sendRequests, event -> LambdaInvocations.invoke(dispatch, "DispatchFunction", event));
        PushInbox inbox = new PushInbox();
        try (LocalApns apns = LocalApns.start(inbox, CLOCK);
             LocalSecretsManager secrets = LocalSecretsManager.start();
             IamGateway secretsManager = LocalAws.get().gatewayTo(secrets.endpoint())) {
            secretsManager.secretArns(LocalSecretsManager::arnOf);
            secrets.put("push-registry/" + TestRegistry.APP + "/apns", apns.credentialsJson(TestRegistry.APP));
            secrets.put("push-registry/" + TestRegistry.OTHER_APP + "/apns", apns.credentialsJson(TestRegistry.OTHER_APP));
            secrets.put("push-registry/" + TestRegistry.APP + "/fcm", "{}");
            // deployed, a sender reads every app's credentials from the secrets named after the app
            Map<String, String> environment = environments.apnsSender(apns);
            environment.keySet().removeIf(name -> name.startsWith("APNS_CREDENTIALS"));
            environment.put("APP_SECRETS_PREFIX", "push-registry/");
            environment.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.endpoint().toString());
            try (ApnsSendHandler sender = new ApnsSendHandler(ApnsSendHandler.partsFrom(new Settings(environment), CLOCK))) {
                harness.drain(harness.apnsDeliveries, event -> LambdaInvocations.invoke(sender, "SendApnsFunction", event));
            }
            assertEquals(1, inbox.pushes(main).size(), "pushed with the default app's secret");
            assertEquals(1, inbox.pushes(other).size(), "pushed with the other app's secret");
            assertEquals(List.of(), environments.refusals(secretsManager), "calls IAM refused");

            SecretsManagerReader asApnsSender = SecretsManagerReader.from(AwsClients.from(new Settings(environment)));
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> asApnsSender.secretString("APP_SECRETS_PREFIX", "push-registry/" + TestRegistry.APP + "/fcm"));
            assertTrue(refused.getMessage().contains("AccessDeniedException"), refused.getMessage());
            List<IamGateway.Refusal> refusals = environments.refusals(secretsManager);
            assertEquals(1, refusals.size(), refusals.toString());
            assertEquals("secretsmanager:GetSecretValue", refusals.get(0).action());
            assertEquals(LocalSecretsManager.arnOf("push-registry/" + TestRegistry.APP + "/fcm"), refusals.get(0).resource());
        }
    }

    /** The table's stream so far, as Lambda's event source mapping would read it. */
    private record StreamRead(String arn, List<Record> records) {
    }

    private static StreamRead streamOf(String table) {
        List<Record> records = new ArrayList<>();
        try (DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
                .endpointOverride(DynamoDbLocal.server().endpoint())
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            String arn = DynamoDbLocal.server().client().describeTable(describe -> describe.tableName(table))
                    .table().latestStreamArn();
            for (Shard shard : streams.describeStream(describe -> describe.streamArn(arn)).streamDescription().shards()) {
                String iterator = streams.getShardIterator(get -> get.streamArn(arn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (iterator != null) {
                    String current = iterator;
                    GetRecordsResponse answer = streams.getRecords(get -> get.shardIterator(current));
                    records.addAll(answer.records());
                    iterator = answer.records().isEmpty() ? null : answer.nextShardIterator();
                }
            }
            return new StreamRead(arn, records);
        }
    }
}
