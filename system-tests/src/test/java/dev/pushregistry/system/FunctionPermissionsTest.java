package dev.pushregistry.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.eventbus.StreamEvents;
import dev.pushregistry.fixtures.Tokens;
import dev.pushregistry.functions.dispatch.DispatchHandler;
import dev.pushregistry.functions.events.EventsHandler;
import dev.pushregistry.functions.sendapns.ApnsSendHandler;
import dev.pushregistry.functions.sendfcm.FcmSendHandler;
import dev.pushregistry.local.LocalApns;
import dev.pushregistry.local.LocalEventBus;
import dev.pushregistry.local.LocalFcm;
import dev.pushregistry.local.PushInbox;
import dev.pushregistry.local.Verdict;
import dev.pushregistry.registry.LogoutPolicy;
import dev.pushregistry.store.StreamImages;
import dev.pushregistry.testing.DynamoDbLocal;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SendingHarness;
import dev.pushregistry.testing.TestRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * The template's IAM policies are enough: every function runs a scenario that takes its paths
 * (refreshes, moves, both logout policies, forgetting, bounces, unregistered tokens, retries, dead
 * letters), every AWS call it makes is recorded ({@link AwsCallLog}), and each call must be an
 * action its policy in {@code template.yaml} allows. DynamoDB Local and ElasticMQ do not check IAM,
 * so without this a missing permission would first show in AWS.
 */
class FunctionPermissionsTest {
    private static final Map<String, String> FUNCTION_OF_ROUTE = Map.of(
            "POST /v1/devices", "RegisterFunction",
            "POST /v1/devices/import", "ImportFunction",
            "POST /v1/identify", "IdentifyFunction",
            "POST /v1/logout", "LogoutFunction",
            "POST /v1/sends", "SendsFunction",
            "GET /v1/sends/{request_id}", "SendsFunction");

    private static void call(Endpoints endpoints, String sample, String personId, String body) {
        APIGatewayV2HTTPEvent event = personId == null ? SampleEvents.withBody(sample, body)
                : SampleEvents.forPerson(sample, personId, body);
        AwsCallLog.during(FUNCTION_OF_ROUTE.getOrDefault(event.getRouteKey(), "PeopleFunction"),
                () -> endpoints.call(event));
    }

    /** The actions each function's policy allows, from the template. */
    private static Map<String, Set<String>> allowedByTemplate() throws Exception {
        JsonNode resources = new ObjectMapper(new YAMLFactory())
                .readTree(SampleEvents.projectRoot().resolve("template.yaml").toFile()).get("Resources");
        Map<String, Set<String>> allowed = new TreeMap<>();
        resources.fields().forEachRemaining(resource -> {
            if (!resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                return;
            }
            Set<String> actions = new TreeSet<>();
            for (JsonNode policy : resource.getValue().path("Properties").path("Policies")) {
                for (JsonNode statement : policy.path("Statement")) {
                    JsonNode action = statement.get("Action");
                    if (action.isArray()) {
                        action.forEach(each -> actions.add(each.asText()));
                    } else {
                        actions.add(action.asText());
                    }
                }
            }
            allowed.put(resource.getKey(), actions);
        });
        return allowed;
    }

    /** Every record of the table's stream so far, as the events function is handed them. */
    private static List<StreamEvents.StreamRecord> streamOf(String table) {
        List<StreamEvents.StreamRecord> records = new ArrayList<>();
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
                    for (Record record : answer.records()) {
                        records.add(new StreamEvents.StreamRecord(record.eventID(),
                                StreamImages.WriteKind.valueOf(record.eventNameAsString()),
                                record.dynamodb().sequenceNumber(), record.dynamodb().approximateCreationDateTime(),
                                record.dynamodb().keys(), record.dynamodb().oldImage(), record.dynamodb().newImage(),
                                record.userIdentity() != null));
                    }
                    iterator = answer.records().isEmpty() ? null : answer.nextShardIterator();
                }
            }
        }
        return records;
    }

    @Test
    void everyCallEachFunctionMakesIsAllowedByItsPolicy() throws Exception {
        PushInbox inbox = new PushInbox();
        try (LocalApns apns = LocalApns.start(inbox, Clock.systemUTC());
             LocalFcm fcm = LocalFcm.start(0, inbox, Clock.systemUTC())) {
            SendingHarness harness = SendingHarness.create();
            DynamoDbLocal.server().client().updateTable(update -> update.tableName(harness.registry.table())
                    .streamSpecification(stream -> stream.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
            for (LogoutPolicy policy : LogoutPolicy.values()) {
                Endpoints endpoints = new Endpoints(harness.registry, policy);
                String person = "perm-" + policy.name().toLowerCase();
                String phone = Tokens.apns();
                String refreshed = Tokens.apns();
                call(endpoints, "register.json", null, "{\"token\":\"" + phone + "\",\"platform\":\"ios\"}");
                call(endpoints, "identify.json", null, "{\"person_id\":\"" + person + "\",\"token\":\"" + phone + "\"}");
                call(endpoints, "register.json", null, "{\"token\":\"" + refreshed + "\",\"platform\":\"ios\",\"previous_token\":\""
                        + phone + "\"}");
                call(endpoints, "identify.json", null, "{\"person_id\":\"" + person + "-2\",\"token\":\"" + refreshed + "\"}");
                call(endpoints, "logout.json", null, "{\"person_id\":\"" + person + "-2\",\"token\":\"" + refreshed + "\"}");
                call(endpoints, "people-devices.json", person, null);
                call(endpoints, "people-token-history.json", person, null);
                call(endpoints, "people-update.json", person, "{\"unsubscribed\":true}");
                call(endpoints, "identify.json", null, "{\"person_id\":\"" + person + "\",\"token\":\"" + Tokens.apns()
                        + "\",\"platform\":\"ios\"}");
                call(endpoints, "people-devices.json", person, null);
                call(endpoints, "people-forget.json", person, null);
                call(endpoints, "sends-post.json", null, "{\"request_id\":\"perm-" + policy + "\",\"person_id\":\"" + person
                        + "-2\",\"message\":{\"title\":\"x\"}}");
                call(endpoints, "sends-get.json", null, null);
                String lastUsed = harness.registry.clock().instant().minusSeconds(60).toString();
                call(endpoints, "devices-import.json", null, "{\"devices\":[{\"app_id\":\"" + TestRegistry.APP
                        + "\",\"token\":\"" + Tokens.apns() + "\",\"platform\":\"ios\",\"person_id\":\"" + person
                        + "-3\",\"last_used\":\"" + lastUsed + "\"},{\"app_id\":\"" + TestRegistry.APP + "\",\"token\":\""
                        + refreshed + "\",\"platform\":\"ios\",\"person_id\":\"" + person + "-4\",\"last_used\":\""
                        + harness.registry.clock().instant().plusSeconds(60) + "\"}]}");
            }

            String sent = harness.registry.identifiedIosDevice("perm-send");
            String bouncing = harness.registry.identifiedIosDevice("perm-send");
            String busy = harness.registry.identifiedIosDevice("perm-send");
            String tablet = Tokens.fcm();
            String gone = Tokens.fcm();
            for (String token : new String[] {tablet, gone}) {
                harness.registry.devices().identify(new dev.pushregistry.registry.IdentifyCommand("perm-send",
                        new dev.pushregistry.registry.DeviceFields(TestRegistry.APP, token,
                                dev.pushregistry.device.Platform.ANDROID, null, null, true, null)), harness.registry.clock().instant());
            }
            inbox.setVerdict(bouncing, Verdict.BAD_TOKEN, null);
            inbox.setVerdict(busy, Verdict.UNAVAILABLE, null);
            inbox.setVerdict(gone, Verdict.UNREGISTERED, null);

            FunctionEnvironments environments = new FunctionEnvironments(harness,
                    Map.of("MAX_ATTEMPTS", "2", "RETRY_BACKOFF_SECONDS", "1"));
            try (ApnsSendHandler apnsHandler = new ApnsSendHandler(new Settings(environments.apnsSender(apns)), Clock.systemUTC());
                 FcmSendHandler fcmHandler = new FcmSendHandler(new Settings(environments.fcmSender(fcm)), Clock.systemUTC())) {
                DispatchHandler dispatcher = new DispatchHandler(new Settings(environments.dispatch()), Clock.systemUTC());
                harness.submit(SendingHarness.request("perm-all", "perm-send", "", "{\"title\":\"x\"}"));
                harness.submit("not json");
                harness.drain(harness.sendRequests, event -> AwsCallLog.during("DispatchFunction",
                        () -> dispatcher.handle(event)));
                for (int round = 0; round < 3; round++) {
                    harness.drain(harness.apnsDeliveries, event -> AwsCallLog.during("SendApnsFunction",
                            () -> apnsHandler.handle(event)));
                    harness.drain(harness.fcmDeliveries, event -> AwsCallLog.during("SendFcmFunction",
                            () -> fcmHandler.handle(event)));
                    Thread.sleep(1_100);
                }
                assertFalse(inbox.pushes(sent).isEmpty(), "the scenario pushed");
            }
            try (LocalEventBus bus = LocalEventBus.start(0, Clock.systemUTC(), Optional.empty())) {
                EventsHandler events = new EventsHandler(new Settings(environments.events(bus.endpointUrl())));
                List<StreamEvents.StreamRecord> records = streamOf(harness.registry.table());
                AwsCallLog.during("EventsFunction", () -> events.handle(records));
                assertFalse(bus.events(null, null).isEmpty(), "the scenario's writes were published");
            }
        }

        Map<String, Set<String>> allowed = allowedByTemplate();
        Map<String, Set<String>> calls = AwsCallLog.calls();
        calls.forEach((function, actions) -> System.out.printf("%-18s calls   %s%n%-18s allowed %s%n", function, actions,
                "", allowed.get(function)));
        for (String function : allowed.keySet()) {
            if (function.equals("AuthorizeFunction")) {
                continue;
            }
            assertTrue(calls.containsKey(function), function + " made no AWS call in the scenario");
            Set<String> missing = new TreeSet<>(calls.get(function));
            missing.removeAll(allowed.get(function));
            assertTrue(missing.isEmpty(), function + " calls what its policy does not allow: " + missing);
        }
    }
}
