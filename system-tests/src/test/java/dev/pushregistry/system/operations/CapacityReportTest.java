package dev.pushregistry.system.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.fixtures.AnsweringGateway;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.registry.DeviceFields;
import dev.pushregistry.core.registry.DeviceImport;
import dev.pushregistry.core.registry.DeviceRegistry;
import dev.pushregistry.core.registry.IdentifyCommand;
import dev.pushregistry.core.registry.ImportCommand;
import dev.pushregistry.core.registry.LiveActivityCommand;
import dev.pushregistry.core.registry.LogoutCommand;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.core.registry.OwnerCheck;
import dev.pushregistry.core.registry.PersonDirectory;
import dev.pushregistry.core.registry.RegisterCommand;
import dev.pushregistry.core.sending.DeliverySender;
import dev.pushregistry.core.sending.Dispatcher;
import dev.pushregistry.core.sending.PushGateway;
import dev.pushregistry.core.sending.PushMessage;
import dev.pushregistry.core.sending.PushResult;
import dev.pushregistry.core.sending.QueuedGroup;
import dev.pushregistry.core.sending.SendRequest;
import dev.pushregistry.core.sending.SendSummary;
import dev.pushregistry.core.sending.SenderSettings;
import dev.pushregistry.json.Json;
import dev.pushregistry.messages.SendRequestFormat;
import dev.pushregistry.queue.sqs.DeliveryBatch;
import dev.pushregistry.queue.sqs.DeliveryMessages;
import dev.pushregistry.queue.sqs.QueueBatch;
import dev.pushregistry.queue.sqs.QueueSettings;
import dev.pushregistry.queue.sqs.SqsDeliveryQueue;
import dev.pushregistry.queue.sqs.fixtures.LocalSqs;
import dev.pushregistry.store.dynamodb.fixtures.DynamoDbLocal;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.telemetry.Metrics;
import dev.pushregistry.testing.CapacityMeter;
import dev.pushregistry.testing.RequestCounter;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SendingHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Measures what each registry operation costs in DynamoDB capacity units (ReturnConsumedCapacity
 * against DynamoDB Local 2.6.1, which counts transactions as AWS does: two units per item), prints
 * the table, writes it to {@code target/capacity.md}, and checks that docs/performance.md shows the same
 * figures.
 */
class CapacityReportTest {
    private final CapacityMeter meter = new CapacityMeter();
    private final TestRegistry registry = TestRegistry.usingClient(DynamoDbLocal.server().newClient(meter));
    private final DeviceRegistry devices = registry.devices(LogoutPolicy.DELETE);
    private final DeviceRegistry anonymizing = registry.devices(LogoutPolicy.ANONYMIZE);
    private final PersonDirectory people = registry.people();
    private final List<String> rows = new ArrayList<>();

    private Instant now() {
        return registry.clock().instant();
    }

    private void measure(String operation, Runnable run) {
        meter.reset();
        run.run();
        CapacityMeter.Reading reading = meter.reading();
        rows.add(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f |", operation, reading.calls(),
                reading.itemsWritten(), reading.readUnits(), reading.writeUnits()));
    }

    private static DeviceImport.Entry imported(String token, String person, Instant lastUsed) {
        return new DeviceImport.Entry.Readable(new ImportCommand(ios(token), Optional.ofNullable(person), lastUsed));
    }

    private static DeviceFields ios(String token) {
        return new DeviceFields(TestRegistry.APP, token, Platform.IOS, null, null, true, null);
    }

    private static DeviceFields withStartToken(DeviceFields fields) {
        return new DeviceFields(fields.appId(), fields.token(), fields.platform(), fields.provider(),
                fields.apnsEnvironment(), fields.pushEnabled(), fields.attributes(),
                Map.of("DeliveryAttributes", Optional.of(Tokens.apns())));
    }

    @Test
    void everyOperationsCapacityIsMeasuredAndDocumented() throws IOException {
        String anonymous = Tokens.apns();
        String owned = Tokens.apns();
        String second = Tokens.apns();
        measure("register a new token", () -> devices.register(new RegisterCommand(ios(anonymous), null), now()));
        measure("register an anonymous token again", () -> devices.register(new RegisterCommand(ios(anonymous), null), now()));
        measure("identify a new token (new person)", () -> devices.identify(new IdentifyCommand("cust-1", ios(owned)), now()));
        measure("register an owned token", () -> devices.register(new RegisterCommand(ios(owned), null), now()));
        measure("identify an anonymous token", () -> devices.identify(new IdentifyCommand("cust-1", ios(anonymous)), now()));
        measure("identify the same person again", () -> devices.identify(new IdentifyCommand("cust-1", ios(owned)), now()));
        registry.setStatus(owned, DeviceStatus.BOUNCED);
        measure("identify resetting a bounced device", () -> devices.identify(new IdentifyCommand("cust-1", ios(owned)), now()));
        measure("identify moving a token to another person", () -> devices.identify(new IdentifyCommand("cust-2", ios(owned)), now()));
        measure("refresh an owned token (previous_token)", () -> devices.register(new RegisterCommand(ios(second), owned), now()));
        measure("logout by someone who is not the owner", () -> devices.logout(new LogoutCommand("cust-1", TestRegistry.at(second)), now()));
        measure("logout, policy anonymize", () -> anonymizing.logout(new LogoutCommand("cust-2", TestRegistry.at(second)), now()));
        measure("logout, policy delete", () -> devices.logout(new LogoutCommand("cust-1", TestRegistry.at(anonymous)), now()));
        devices.identify(new IdentifyCommand("cust-3", ios(Tokens.apns())), now());
        devices.identify(new IdentifyCommand("cust-3", ios(Tokens.apns())), now());
        measure("GET devices (2 devices)", () -> people.devices("cust-3", now()));
        measure("GET token-history (2 entries)", () -> people.tokenHistory("cust-3", now()));
        measure("PUT person (unsubscribed)", () -> people.setUnsubscribed("cust-3", true, now()));
        measure("DELETE person (2 devices, 2 history entries)", () -> people.forget("cust-3", registry.clock().instant()));
        DeviceImport imports = new DeviceImport(devices, TestRegistry.DEVICE_LIFETIME, 1);
        String importedAnonymous = Tokens.apns();
        String importedOwned = Tokens.apns();
        Instant lastUsed = now().minus(Duration.ofHours(1));
        measure("import a new anonymous device", () -> imports.run(List.of(imported(importedAnonymous, null, lastUsed)),
                false, now()));
        measure("import a new owned device (new person)", () -> imports.run(
                List.of(imported(importedOwned, "cust-4", lastUsed)), false, now()));
        measure("import the same device again (skipped)", () -> imports.run(
                List.of(imported(importedOwned, "cust-4", lastUsed)), false, now()));
        measure("import a newer owner of a device (moved)", () -> imports.run(
                List.of(imported(importedOwned, "cust-5", lastUsed.plusSeconds(60))), false, now()));
        String live = Tokens.apns();
        devices.identify(new IdentifyCommand("cust-6", ios(live)), now());
        measure("register with a Live Activity start token", () -> devices.register(new RegisterCommand(
                withStartToken(ios(live)), null), now()));
        measure("register a Live Activity (update token)", () -> devices.liveActivities().register(
                new LiveActivityCommand(TestRegistry.at(live), "order-1", "DeliveryAttributes", Tokens.apns()),
                OwnerCheck.ANYONE, now()));
        measure("end a Live Activity", () -> devices.liveActivities().end(TestRegistry.at(live), "order-1",
                OwnerCheck.ANYONE, now()));
        measure("GET live-activities (1 device)", () -> people.devices("cust-6", now()));

        reportAndCompareWithReadme("operation", "capacity.md",
                "Capacity per operation (DynamoDB Local, items with a 64-character token and no attributes):");
    }

    @Test
    void sendingCapacityIsMeasuredAndDocumented() throws IOException {
        SendingHarness harness = SendingHarness.create(registry);
        Map<String, PushResult> answers = new HashMap<>();
        PushGateway apns = AnsweringGateway.apns(
                delivery -> answers.getOrDefault(delivery.token(), new PushResult.Accepted()));
        DeliverySender sender = harness.sender(apns);
        Dispatcher dispatcher = harness.dispatcher();
        String steady = registry.identifiedIosDevice("ann");
        String bounced = registry.identifiedIosDevice("ben");
        String gone = registry.identifiedIosDevice("cyd");
        answers.put(bounced, new PushResult.BadToken("BadDeviceToken"));
        answers.put(gone, new PushResult.Unregistered(Optional.empty()));

        measure("dispatch a request for 1 person with 1 device", () -> dispatcher.dispatch(request("r1", "ann"), now()));
        QueuedGroup first = nextDelivery(harness);
        measure("deliver: first push, device becomes sent", () -> sender.send(List.of(first), now()));
        measure("deliver: the same delivery again (already decided)", () -> sender.send(List.of(first), now()));
        dispatcher.dispatch(request("r2", "ann"), now());
        QueuedGroup again = nextDelivery(harness);
        measure("deliver: device already sent (steady state)", () -> sender.send(List.of(again), now()));
        dispatcher.dispatch(request("r3", "ben"), now());
        QueuedGroup bounce = nextDelivery(harness);
        measure("deliver: bad token, device bounced", () -> sender.send(List.of(bounce), now()));
        dispatcher.dispatch(request("r4", "cyd"), now());
        QueuedGroup unregistered = nextDelivery(harness);
        measure("deliver: unregistered, device deleted", () -> sender.send(List.of(unregistered), now()));
        measure("GET send summary (1 delivery)", () -> harness.sends.findSummary("r1"));
        String live = registry.identifiedIosDevice("dee");
        registry.devices().liveActivities().register(new LiveActivityCommand(TestRegistry.at(live), "order-1",
                "DeliveryAttributes", Tokens.apns()), OwnerCheck.ANYONE, now());
        dispatcher.dispatch(liveActivity("r5", "dee", "update"), now());
        QueuedGroup firstUpdate = nextDelivery(harness);
        measure("deliver: Live Activity update, activity becomes sent", () -> sender.send(List.of(firstUpdate), now()));
        dispatcher.dispatch(liveActivity("r6", "dee", "update"), now());
        QueuedGroup steadyUpdate = nextDelivery(harness);
        measure("deliver: Live Activity update, already sent (steady state)",
                () -> sender.send(List.of(steadyUpdate), now()));
        dispatcher.dispatch(liveActivity("r7", "dee", "end"), now());
        QueuedGroup end = nextDelivery(harness);
        measure("deliver: Live Activity end", () -> sender.send(List.of(end), now()));

        reportAndCompareWithReadme("sending step", "capacity-sending.md", "Capacity per sending step (DynamoDB Local):");
    }

    /**
     * What one delivery costs in a campaign as the functions run it: one send request naming 50
     * people with two iOS devices each, dispatched, then sent in batches of 100 as the sender's queue
     * trigger hands them over; first to devices never pushed to, then again (steady state), then with
     * every token refused (the devices bounce) and every token gone (the devices are deleted). Prints
     * the figures per delivery and the summary line {@code capacity: ...} with the cost per million
     * (list prices in {@link CostModel}, Lambda time as measured here), and checks docs/performance.md's
     * table of counts.
     */
    @Test
    void campaignCapacityPerDeliveryIsMeasuredAndDocumented() throws IOException {
        RequestCounter sqsRequests = new RequestCounter();
        SqsClient sqs = LocalSqs.server().newClient(sqsRequests);
        SendingHarness harness = SendingHarness.create(registry);
        Dispatcher dispatcher = new Dispatcher(registry.store(), harness.sends, new SqsDeliveryQueue(sqs,
                Map.of(Provider.APNS, harness.apnsDeliveries, Provider.FCM, harness.fcmDeliveries)));
        AtomicReference<PushResult> answer = new AtomicReference<>(new PushResult.Accepted());
        SenderSettings defaults = SenderSettings.DEFAULTS;
        // a quorum out of reach, so that a campaign of bad tokens is read as bad tokens, not wrong credentials
        SenderSettings everyAnswerAsGiven = new SenderSettings(defaults.maxInFlight(), defaults.pushTimeout(),
                Integer.MAX_VALUE, defaults.storeConcurrency());
        DeliveryBatch sender = new DeliveryBatch(Provider.APNS, TestRegistry.APP, new DeliverySender(registry.store(), harness.sends,
                AnsweringGateway.apns(delivery -> answer.get()), everyAnswerAsGiven),
                new QueueBatch(sqs, new QueueSettings(harness.apnsDeliveries, harness.apnsDlq, 3, Duration.ZERO),
                        Metrics.discarding()), Metrics.discarding());
        List<String> people = new ArrayList<>();
        for (int person = 0; person < 50; person++) {
            people.add("campaign-" + person);
            registry.identifiedIosDevice("campaign-" + person);
            registry.identifiedIosDevice("campaign-" + person);
        }
        CostModel.PerDelivery first = campaign("first send", "campaign-1", "sent", people, dispatcher, sender,
                harness, sqsRequests);
        CostModel.PerDelivery steady = campaign("steady state", "campaign-2", "sent", people, dispatcher, sender,
                harness, sqsRequests);
        answer.set(new PushResult.BadToken("BadDeviceToken"));
        campaign("bad tokens: devices bounced", "campaign-3", "bounced", people, dispatcher, sender, harness,
                sqsRequests);
        answer.set(new PushResult.Unregistered(Optional.empty()));
        campaign("unregistered: devices deleted", "campaign-4", "deleted", people, dispatcher, sender, harness,
                sqsRequests);
        System.out.println("cost per million, steady state: " + steady.breakdown());
        System.out.println("cost per million, first send: " + first.breakdown());
        System.out.printf(Locale.ROOT, "capacity: steady_wcu_per_delivery=%.2f first_send_wcu_per_delivery=%.2f "
                        + "requests_per_delivery=%.2f sqs_requests_per_delivery=%.2f usd_per_million_steady=%.2f "
                        + "usd_per_million_first=%.2f%n", steady.writeUnits(), first.writeUnits(),
                steady.requests(), steady.sqsRequests(), steady.usdPerMillion(), first.usdPerMillion());
        reportAndCompareWithReadme(List.of(
                "| campaign phase | DynamoDB requests | read units | write units (AWS) | SQS requests |",
                "|---|---|---|---|---|"), "capacity-campaign.md",
                "Per delivery, one request naming 50 people with 2 devices each (DynamoDB Local, ElasticMQ):");
    }

    private CostModel.PerDelivery campaign(String phase, String requestId, String outcome, List<String> people,
                                           Dispatcher dispatcher,
                                           DeliveryBatch sender, SendingHarness harness, RequestCounter sqsRequests) {
        meter.reset();
        sqsRequests.reset();
        long start = System.nanoTime();
        dispatcher.dispatch(SendRequest.builder().requestId(requestId).personIds(people)
                .message(PushMessage.builder().title("Hi").build()).build(), now());
        long lambdaNanos = System.nanoTime() - start;
        int invocations = 1;
        // the campaign system's SendMessage, and dispatch's poller receiving and deleting it
        int queueRequests = 1 + CostModel.pollerRequests(1);
        while (true) {
            List<Message> messages = SendingHarness.receive(harness.apnsDeliveries, SendingHarness.SENDER_BATCH);
            if (messages.isEmpty()) {
                break;
            }
            SQSEvent event = SendingHarness.event(harness.apnsDeliveries, messages);
            start = System.nanoTime();
            assertTrue(sender.process(event, now()).getBatchItemFailures().isEmpty(), phase + ": a delivery failed");
            lambdaNanos += System.nanoTime() - start;
            invocations++;
            SendingHarness.delete(harness.apnsDeliveries, messages);
            queueRequests += CostModel.pollerRequests(messages.size());
        }
        SendSummary summary = harness.sends.findSummary(requestId).orElseThrow();
        int deliveries = summary.count("targeted");
        assertEquals(100, deliveries, phase);
        assertEquals(100, summary.count(outcome), phase);
        assertEquals("done", summary.state(), phase);
        CapacityMeter.Reading reading = meter.reading();
        CostModel.PerDelivery perDelivery = new CostModel.PerDelivery(
                (double) reading.calls() / deliveries, reading.readUnits() / deliveries,
                reading.chargedWriteUnits() / deliveries,
                (double) (sqsRequests.total() + queueRequests) / deliveries,
                lambdaNanos / 1e9 / deliveries, (double) invocations / deliveries);
        rows.add(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f |", phase, perDelivery.requests(),
                perDelivery.readUnits(), perDelivery.writeUnits(), perDelivery.sqsRequests()));
        return perDelivery;
    }

    /** Prints the measured rows, writes them to {@code target/<file>}, and checks docs/performance.md shows them. */
    private void reportAndCompareWithReadme(String firstColumn, String file, String title) throws IOException {
        reportAndCompareWithReadme(List.of("| " + firstColumn + " | requests | items written | read units | write units |",
                "|---|---|---|---|---|"), file, title);
    }

    private void reportAndCompareWithReadme(List<String> header, String file, String title) throws IOException {
        List<String> table = new ArrayList<>(header);
        table.addAll(rows);
        String report = String.join("\n", table);
        System.out.println(title);
        System.out.println(report);
        Path target = SampleEvents.projectRoot().resolve("system-tests/target");
        Files.createDirectories(target);
        Files.writeString(target.resolve(file), report + "\n");
        String page = Files.readString(SampleEvents.projectRoot().resolve("docs/performance.md"));
        assertTrue(page.contains(report), "docs/performance.md must show the measured table:\n" + report);
        registry.assertConsistent();
    }

    private static SendRequest request(String requestId, String personId) {
        return SendRequest.builder().requestId(requestId).personIds(List.of(personId))
                .message(PushMessage.builder().title("Hi").build()).build();
    }

    /** An update or end of the activity {@code order-1}, accepted now. */
    private static SendRequest liveActivity(String requestId, String personId, String event) {
        return SendRequestFormat.parse(Json.parseObject("{\"request_id\":\"" + requestId + "\",\"person_id\":\""
                + personId + "\",\"live_activity\":{\"event\":\"" + event + "\",\"activity_id\":\"order-1\","
                + "\"content_state\":{\"eta\":5}}}"), TestRegistry.APPS, () -> requestId).acceptedAt(Instant.now());
    }

    private static QueuedGroup nextDelivery(SendingHarness harness) {
        Message message = LocalSqs.server().client().receiveMessage(receive -> receive
                .queueUrl(harness.apnsDeliveries).maxNumberOfMessages(1)).messages().get(0);
        LocalSqs.server().client().deleteMessage(delete -> delete.queueUrl(harness.apnsDeliveries)
                .receiptHandle(message.receiptHandle()));
        return DeliveryMessages.read(message.messageId(), message.body(), false, TestRegistry.APP);
    }
}
