package dev.pushregistry.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eatthepath.pushy.apns.ApnsClient;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.firebase.FirebaseApp;
import com.google.firebase.messaging.FirebaseMessaging;
import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.registry.DeviceFields;
import dev.pushregistry.core.registry.IdentifyCommand;
import dev.pushregistry.core.sending.SendSummary;
import dev.pushregistry.functions.send.apns.ApnsCredentials;
import dev.pushregistry.functions.send.apns.ApnsGateway;
import dev.pushregistry.functions.send.apns.ApnsSendHandler;
import dev.pushregistry.functions.send.fcm.FcmCredentials;
import dev.pushregistry.functions.send.fcm.FcmGateway;
import dev.pushregistry.functions.send.fcm.FcmSendHandler;
import dev.pushregistry.json.Json;
import dev.pushregistry.local.services.LocalApns;
import dev.pushregistry.local.services.LocalFcm;
import dev.pushregistry.local.services.PushInbox;
import dev.pushregistry.queue.sqs.QueueFunction;
import dev.pushregistry.store.dynamodb.fixtures.DynamoDbLocal;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.testing.CapacityMeter;
import dev.pushregistry.testing.LambdaInvocations;
import dev.pushregistry.testing.SendingHarness;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A campaign at scale on the local stack: {@value #DEFAULT_DEVICES} devices (each person one iOS
 * device on APNs and one Android device on FCM), sent by requests naming {@value #PEOPLE_PER_REQUEST}
 * people each through the queues, the dispatch handler and both sender handlers running at the same
 * time, on DynamoDB Local, ElasticMQ, Pushy's mock APNs over TLS and the local FCM endpoint. Prints
 * the deliveries per second, the table's units per delivery and the end state, and checks that every
 * summary is {@code done} with every device counted {@code sent} and pushed once. Tagged
 * {@code benchmark}: {@code mvn -B test -pl benchmarks -Dgroups=benchmark -Dtest.excludedGroups=
 * -Dtest=ScaleBenchmark} (fewer devices with {@code -Dscale.devices=20000}).
 */
@Tag("benchmark")
class ScaleBenchmark {
    private static final int DEFAULT_DEVICES = 100_000;
    private static final int PEOPLE_PER_REQUEST = 100;
    private static final int SEEDING_THREADS = 8;

    @Test
    void aCampaignOfOneHundredThousandDevices() throws Exception {
        int devices = Integer.getInteger("scale.devices", DEFAULT_DEVICES);
        int people = devices / 2;
        CapacityMeter meter = new CapacityMeter();
        TestRegistry registry = TestRegistry.usingClient(DynamoDbLocal.server().newClient(meter));
        SendingHarness harness = SendingHarness.create(registry);
        PushInbox inbox = new PushInbox();
        long seedStart = System.nanoTime();
        seed(registry, people);
        System.out.printf(Locale.ROOT, "scale: seeded %d devices of %d people in %.0f s%n", devices, people,
                (System.nanoTime() - seedStart) / 1e9);
        try (LocalApns apns = LocalApns.start(inbox, Clock.systemUTC());
             LocalFcm fcm = LocalFcm.start(0, inbox, Clock.systemUTC())) {
            ApnsCredentials apnsCredentials = ApnsCredentials.parse(apns.credentialsJson(TestRegistry.APP));
            ApnsClient apnsClient = ApnsGateway.client(apnsCredentials, ApnsEnvironment.PRODUCTION, 4);
            FirebaseApp app = FcmCredentials.app(fcm.credentialsJson(TestRegistry.APP), fcm.endpointUrl(), TestRegistry.APP);
            try (ApnsGateway apnsGateway = new ApnsGateway(apnsClient, apnsCredentials.topic(), Clock.systemUTC());
                 QueueFunction apnsSender = new ApnsSendHandler(ApnsSendHandler.Parts.of(harness.deliveryBatch(apnsGateway), Clock.systemUTC()));
                 QueueFunction fcmSender = new FcmSendHandler(FcmSendHandler.Parts.of(harness.deliveryBatch(
                         new FcmGateway(FirebaseMessaging.getInstance(app), Clock.systemUTC(), app::delete)), Clock.systemUTC()))) {
                List<String> requests = submit(harness, people);
                meter.reset();
                long start = System.nanoTime();
                run(harness, apnsSender, fcmSender);
                double seconds = (System.nanoTime() - start) / 1e9;
                report(harness, meter.reading(), requests, devices, seconds, inbox);
            } finally {
                app.delete();
            }
        }
    }

    /** Makes each person the owner of one iOS and one Android device, as the identify endpoint does. */
    private static void seed(TestRegistry registry, int people) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(SEEDING_THREADS);
        try {
            List<CompletableFuture<Void>> work = new ArrayList<>();
            int perThread = (people + SEEDING_THREADS - 1) / SEEDING_THREADS;
            for (int from = 0; from < people; from += perThread) {
                int first = from;
                int last = Math.min(people, from + perThread);
                work.add(CompletableFuture.runAsync(() -> {
                    for (int person = first; person < last; person++) {
                        String personId = "scale-" + person;
                        registry.devices().identify(new IdentifyCommand(personId,
                                new DeviceFields(TestRegistry.APP, Tokens.apns(), Platform.IOS, null, null, true, null)), registry.clock().instant());
                        registry.devices().identify(new IdentifyCommand(personId,
                                new DeviceFields(TestRegistry.APP, Tokens.fcm(), Platform.ANDROID, null, null, true, null)), registry.clock().instant());
                    }
                }, threads));
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get();
        } finally {
            threads.shutdownNow();
        }
    }

    /** Puts one send request per {@value #PEOPLE_PER_REQUEST} people on the send-request queue. */
    private static List<String> submit(SendingHarness harness, int people) {
        List<String> requests = new ArrayList<>();
        for (int from = 0; from < people; from += PEOPLE_PER_REQUEST) {
            String requestId = "scale-" + from;
            List<String> personIds = new ArrayList<>();
            for (int person = from; person < Math.min(people, from + PEOPLE_PER_REQUEST); person++) {
                personIds.add("\"scale-" + person + "\"");
            }
            harness.submit("{\"request_id\":" + Json.write(TextNode.valueOf(requestId))
                    + ",\"person_ids\":[" + String.join(",", personIds) + "]"
                    + ",\"message\":{\"title\":\"Spring sale\",\"body\":\"20% off today\",\"data\":{\"campaign\":\"scale\"}}}");
            requests.add(requestId);
        }
        return requests;
    }

    /**
     * Runs the dispatch handler and both senders at once, each taking batches off its queue as
     * Lambda's trigger would, until dispatch has drained its queue and neither sender finds work.
     */
    private static void run(SendingHarness harness, QueueFunction apnsSender, QueueFunction fcmSender) throws Exception {
        ExecutorService functions = Executors.newFixedThreadPool(3);
        try {
            CompletableFuture<Void> dispatch = CompletableFuture.runAsync(() -> {
                while (!harness.runOnce(harness.sendRequests,
                        event -> harness.dispatchBatch().process(event, harness.registry.clock().instant()), 1).isEmpty()) {
                    // each batch of send requests is dispatched as it comes
                }
            }, functions);
            CompletableFuture<Void> apns = CompletableFuture.runAsync(() -> send(harness, harness.apnsDeliveries,
                    apnsSender, dispatch), functions);
            CompletableFuture<Void> fcm = CompletableFuture.runAsync(() -> send(harness, harness.fcmDeliveries,
                    fcmSender, dispatch), functions);
            CompletableFuture.allOf(dispatch, apns, fcm).get();
        } finally {
            functions.shutdownNow();
        }
    }

    /** Sends batches off the queue until dispatch has finished (or failed) and the queue has nothing left. */
    private static void send(SendingHarness harness, String queue, QueueFunction sender, CompletableFuture<Void> dispatch) {
        while (true) {
            boolean dispatchDone = dispatch.isDone();
            if (harness.runOnce(queue, event -> LambdaInvocations.invoke(sender, "SendApnsFunction", event), 1).isEmpty() && dispatchDone) {
                return;
            }
        }
    }

    private static void report(SendingHarness harness, CapacityMeter.Reading reading, List<String> requests,
                               int devices, double seconds, PushInbox inbox) {
        int done = 0;
        int sent = 0;
        for (String requestId : requests) {
            SendSummary summary = harness.summary(requestId);
            if (summary.state().equals("done")) {
                done++;
            }
            sent += summary.count("sent");
            assertEquals(summary.count("targeted"), summary.count("sent"), requestId + " sent to every device");
        }
        int pushes = inbox.pushes(null).size();
        System.out.printf(Locale.ROOT, "scale: devices=%d requests=%d seconds=%.1f deliveries_per_s=%.0f"
                        + " dynamodb_requests_per_delivery=%.2f read_units_per_delivery=%.2f"
                        + " write_units_per_delivery=%.2f sent=%d pushes=%d summaries_done=%d/%d%n",
                devices, requests.size(), seconds, sent / seconds, (double) reading.calls() / sent,
                reading.readUnits() / sent, reading.chargedWriteUnits() / sent, sent, pushes, done, requests.size());
        assertEquals(requests.size(), done, "every summary is done");
        assertEquals(devices, sent, "every device was sent to");
        assertEquals(devices, pushes, "every device was pushed once");
        assertTrue(harness.deadLetters(harness.apnsDlq).isEmpty() && harness.deadLetters(harness.fcmDlq).isEmpty(),
                "nothing was dead-lettered");
    }
}
