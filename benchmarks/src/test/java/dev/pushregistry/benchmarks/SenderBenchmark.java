package dev.pushregistry.benchmarks;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.fixtures.InMemorySendingStores;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.registry.DeviceFields;
import dev.pushregistry.core.registry.IdentifyCommand;
import dev.pushregistry.core.sending.Delivery;
import dev.pushregistry.core.sending.DeliveryGroup;
import dev.pushregistry.core.sending.DeliverySender;
import dev.pushregistry.core.sending.GroupRecord;
import dev.pushregistry.core.sending.PushGateway;
import dev.pushregistry.core.sending.PushMessage;
import dev.pushregistry.core.sending.SendRequest;
import dev.pushregistry.core.sending.SendStore;
import dev.pushregistry.core.sending.SenderSettings;
import dev.pushregistry.core.time.Timestamps;
import dev.pushregistry.functions.send.apns.ApnsCredentials;
import dev.pushregistry.functions.send.apns.ApnsGateway;
import dev.pushregistry.functions.send.apns.ApnsSendHandler;
import dev.pushregistry.functions.send.fcm.FcmCredentials;
import dev.pushregistry.functions.send.fcm.FcmGateway;
import dev.pushregistry.functions.send.fcm.FcmSendHandler;
import dev.pushregistry.local.services.LocalApns;
import dev.pushregistry.local.services.LocalFcm;
import dev.pushregistry.local.services.PushInbox;
import dev.pushregistry.queue.sqs.DeliveryBatch;
import dev.pushregistry.queue.sqs.DeliveryMessages;
import dev.pushregistry.queue.sqs.QueueFunction;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.telemetry.Metrics;
import dev.pushregistry.testing.LambdaInvocations;
import dev.pushregistry.testing.SendingHarness;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the senders cost apart from the push services, in one run on one machine: the same local push
 * service driven by its raw client (the baseline), by the sender handler with its stores in memory
 * (the sender's own overhead), and by the dispatch and sender handlers on DynamoDB Local and
 * ElasticMQ (the whole path), fed delivery groups in batches of {@link SendingHarness#SENDER_BATCH}
 * messages the way Lambda's queue trigger does. Prints each
 * round, its ratios to the baseline, and one summary line per push service (the medians of the
 * rounds' rates, and of the rounds' ratios: each round runs the paths back to back); asserts
 * nothing about time. Run with {@code mvn -B install -DskipTests && mvn -B test -pl benchmarks
 * -Dgroups=benchmark -Dtest.excludedGroups= -Dtest=SenderBenchmark}.
 */
@Tag("benchmark")
class SenderBenchmark {
    private static final int ROUNDS = 9;
    private static final int IN_FLIGHT = 100;
    /**
     * APNs deliveries per round for the raw client and the in-memory sender: a few seconds a round
     * here (rounds of 20,000, under a second, swung by a third from one to the next).
     */
    private static final int APNS_DELIVERIES = 100_000;
    /** FCM deliveries per round for the raw client and the in-memory sender: a few seconds a round here. */
    private static final int FCM_DELIVERIES = 20_000;
    /** Deliveries per round of the sender's own CPU, for either push service. */
    private static final int OWN_CPU_DELIVERIES = 100_000;
    /** People per round on DynamoDB Local (two devices each), one request naming 100 of them. */
    private static final int PEOPLE = 150;
    private static final PushMessage MESSAGE = PushMessage.builder().title("Hello").body("from the benchmark")
            .data(Map.of("campaign", "bench")).build();

    @Test
    void apns() throws Exception {
        PushInbox inbox = new PushInbox();
        try (LocalApns apns = LocalApns.start(inbox, Clock.systemUTC())) {
            ApnsCredentials credentials = ApnsCredentials.parse(apns.credentialsJson(TestRegistry.APP));
            ApnsClient client = ApnsGateway.client(credentials, ApnsEnvironment.PRODUCTION, 4);
            try (ApnsGateway gateway = new ApnsGateway(client, credentials.topic(), Clock.systemUTC())) {
                String payload = "{\"aps\":{\"alert\":{\"title\":\"Hello\",\"body\":\"from the benchmark\"}},\"campaign\":\"bench\"}";
                Supplier<CompletableFuture<?>> rawPush = () -> client.sendNotification(
                        new SimpleApnsPushNotification(Tokens.apns(), credentials.topic(), payload));
                compare("apns", Provider.APNS, APNS_DELIVERIES, rawPush, gateway,
                        batch -> new ApnsSendHandler(ApnsSendHandler.Parts.of(batch, Clock.systemUTC())), inbox);
            }
        }
    }

    /**
     * The sender's own CPU per delivery, apart from any push client or service: each handler on the
     * in-memory stores with a push service that accepts every push at once, on the calling thread.
     * The CPU time of every thread, summed, per delivery, the median of {@value #ROUNDS} rounds after
     * three to warm up. Unlike the rates it does not depend on how a push service and its client share
     * the machine's cores with the sender, so it shows a change to the sender's work from one run to
     * the next.
     */
    @Test
    void ownCpu() {
        for (Provider provider : List.of(Provider.APNS, Provider.FCM)) {
            SendingHarness harness = SendingHarness.create();
            InMemorySendingStores memory = new InMemorySendingStores();
            List<Device> devices = inMemoryDevices(memory, provider, OWN_CPU_DELIVERIES);
            DeliveryBatch batch = inMemoryBatch(harness, provider, memory, PushGateway.rehearsal(provider, delivery -> { }));
            double[] cpu = new double[ROUNDS];
            try (QueueFunction sender = provider == Provider.APNS ? new ApnsSendHandler(ApnsSendHandler.Parts.of(batch, Clock.systemUTC()))
                    : new FcmSendHandler(FcmSendHandler.Parts.of(batch, Clock.systemUTC()))) {
                for (int round = -3; round < ROUNDS; round++) {
                    List<SQSEvent> batches = planInMemory(memory.sends(), devices, "own-cpu-" + round);
                    startClean();
                    long before = cpuNanos(name -> true);
                    sendInMemory(sender, batches);
                    if (round >= 0) {
                        cpu[round] = (cpuNanos(name -> true) - before) / 1e3 / devices.size();
                    }
                }
            }
            System.out.printf(Locale.ROOT, "sender %s own cpu: us_per_delivery=%.2f%n", provider.wire(), median(cpu));
        }
    }

    /**
     * First Firebase Admin's two transports side by side, raw, on the same local endpoint (serving
     * HTTP/1.1 and HTTP/2 on two ports): its JDK transport over HTTP/1.1 and its HTTP/2 transport,
     * the one {@link FcmCredentials} uses; then the sender over the HTTP/2 transport.
     */
    @Test
    void fcm() throws Exception {
        PushInbox inbox = new PushInbox();
        try (LocalFcm fcm = LocalFcm.start(0, inbox, Clock.systemUTC());
             LocalFcm fcmOverHttp1 = LocalFcm.start(0, inbox, Clock.systemUTC(), LocalFcm.Protocol.HTTP_1_1)) {
            FirebaseApp app = FcmCredentials.app(fcm.credentialsJson(TestRegistry.APP), fcm.endpointUrl(), TestRegistry.APP);
            FirebaseApp overHttp1 = http1App(fcmOverHttp1);
            try {
                FirebaseMessaging messaging = FirebaseMessaging.getInstance(app);
                Supplier<CompletableFuture<?>> rawPush = () -> rawFcm(messaging);
                compareTransports(inbox, rawPush, () -> rawFcm(FirebaseMessaging.getInstance(overHttp1)));
                compare("fcm", Provider.FCM, FCM_DELIVERIES, rawPush,
                        new FcmGateway(messaging, Clock.systemUTC(), () -> { }),
                        batch -> new FcmSendHandler(FcmSendHandler.Parts.of(batch, Clock.systemUTC())), inbox);
            } finally {
                app.delete();
                overHttp1.delete();
            }
        }
    }

    private static CompletableFuture<String> rawFcm(FirebaseMessaging messaging) {
        return toCompletable(messaging.sendAsync(Message.builder()
                .setToken(Tokens.fcm())
                .setNotification(Notification.builder().setTitle("Hello").setBody("from the benchmark").build())
                .putData("campaign", "bench").build()));
    }

    /** A Firebase app on the JDK's HTTP/1.1 transport, with what is addressed to FCM sent to {@code fcm}. */
    private static FirebaseApp http1App(LocalFcm fcm) throws IOException {
        URI endpoint = URI.create(fcm.endpointUrl());
        NetHttpTransport transport = new NetHttpTransport.Builder()
                .setConnectionFactory(url -> (HttpURLConnection) ("fcm.googleapis.com".equals(url.getHost())
                        ? new URL(endpoint.getScheme(), endpoint.getHost(), endpoint.getPort(), url.getFile())
                        : url).openConnection())
                .build();
        GoogleCredentials credentials = GoogleCredentials.fromStream(new ByteArrayInputStream(
                fcm.credentialsJson(TestRegistry.APP).getBytes(StandardCharsets.UTF_8)), () -> transport)
                .createScoped(List.of("https://www.googleapis.com/auth/firebase.messaging"));
        return FirebaseApp.initializeApp(FirebaseOptions.builder().setCredentials(credentials)
                .setProjectId(LocalFcm.projectOf(TestRegistry.APP)).setHttpTransport(transport).build(), "benchmark-http1");
    }

    /**
     * Raw Firebase Admin over HTTP/2 and over HTTP/1.1, rounds in alternating order, each pushing
     * {@value #FCM_DELIVERIES} at most {@value #IN_FLIGHT} in flight: the rate, and the CPU the client
     * spends per push (every thread but the local endpoint's). Prints each round and one summary line.
     */
    private static void compareTransports(PushInbox inbox, Supplier<CompletableFuture<?>> http2,
                                          Supplier<CompletableFuture<?>> http1) throws InterruptedException {
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            rawRate(http2, FCM_DELIVERIES);
            rawRate(http1, FCM_DELIVERIES);
            inbox.clear();
        }
        double[][] rates = new double[2][ROUNDS];
        double[][] cpu = new double[2][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            for (int turn = 0; turn < 2; turn++) {
                int which = (round + turn) % 2;
                inbox.clear();
                long before = clientCpuNanos();
                rates[which][round] = rawRate(which == 0 ? http2 : http1, FCM_DELIVERIES);
                cpu[which][round] = (clientCpuNanos() - before) / 1e3 / FCM_DELIVERIES;
            }
            System.out.printf(Locale.ROOT, "fcm transports round %d: http2 %.0f/s %.1f us/push, http1 %.0f/s %.1f us/push%n",
                    round + 1, rates[0][round], cpu[0][round], rates[1][round], cpu[1][round]);
        }
        System.out.printf(Locale.ROOT,
                "fcm transports: http2_per_s=%.0f http1_per_s=%.0f http2_client_cpu_us_per_push=%.1f http1_client_cpu_us_per_push=%.1f%n",
                median(rates[0]), median(rates[1]), median(cpu[0]), median(cpu[1]));
    }

    /** CPU time of every live thread but the local FCM endpoint's (HttpCore's {@code server-…} threads). */
    private static long clientCpuNanos() {
        return cpuNanos(name -> !name.startsWith("server-"));
    }

    /** CPU time of every live thread whose name {@code counted} accepts. */
    private static long cpuNanos(Predicate<String> counted) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null && counted.test(thread.getThreadName())) {
                long cpu = threads.getThreadCpuTime(thread.getThreadId());
                total += Math.max(0, cpu);
            }
        }
        return total;
    }

    private void compare(String name, Provider provider, int deliveries,
                         Supplier<CompletableFuture<?>> rawPush,
                         PushGateway gateway, Function<DeliveryBatch, QueueFunction> handler, PushInbox inbox)
            throws Exception {
        SendingHarness harness = SendingHarness.create();
        String queue = provider == Provider.APNS ? harness.apnsDeliveries : harness.fcmDeliveries;
        QueueFunction onTable = handler.apply(harness.deliveryBatch(gateway));
        List<String> people = new ArrayList<>();
        for (int person = 0; person < PEOPLE; person++) {
            String personId = "bench-" + name + "-" + person;
            people.add(personId);
            for (int device = 0; device < 2; device++) {
                String token = provider == Provider.APNS ? Tokens.apns() : Tokens.fcm();
                harness.registry.devices().identify(new IdentifyCommand(personId,
                        new DeviceFields(TestRegistry.APP, token, platformOf(provider), null, null, true, null)), harness.registry.clock().instant());
            }
        }
        InMemorySendingStores memory = new InMemorySendingStores();
        List<Device> devices = inMemoryDevices(memory, provider, deliveries);
        try (QueueFunction inMemory = handler.apply(inMemoryBatch(harness, provider, memory, gateway))) {
            for (int warmUp = 0; warmUp < 3; warmUp++) {
                rawRate(rawPush, deliveries);
                inMemoryRate(inMemory, memory.sends(), devices, "warm-up-" + warmUp);
                inbox.clear();
            }
            tableRate(harness, onTable, queue, people, "warm-up");
            double[] raw = new double[ROUNDS];
            double[] mem = new double[ROUNDS];
            double[] table = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                // the local push service keeps every push it accepts: emptied before each measurement,
                // so that no path pays for a heap the earlier ones filled; the baseline and the
                // in-memory sender take turns going first, so that neither always follows the table
                for (int turn = 0; turn < 2; turn++) {
                    inbox.clear();
                    if ((round + turn) % 2 == 0) {
                        raw[round] = rawRate(rawPush, deliveries);
                    } else {
                        mem[round] = inMemoryRate(inMemory, memory.sends(), devices, "round-" + round);
                    }
                }
                inbox.clear();
                table[round] = tableRate(harness, onTable, queue, people, "round-" + round);
                System.out.printf(Locale.ROOT, "%s round %d: raw %.0f/s, in memory %.0f/s (%.2f), DynamoDB Local %.0f/s (%.3f)%n",
                        name, round + 1, raw[round], mem[round], mem[round] / raw[round], table[round],
                        table[round] / raw[round]);
            }
            // each round measures the baseline and the sender back to back, so a ratio is read per
            // round and the rounds' ratios summarised: the machine's speed drifts between rounds
            double[] memRatios = new double[ROUNDS];
            double[] tableRatios = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                memRatios[round] = mem[round] / raw[round];
                tableRatios[round] = table[round] / raw[round];
            }
            System.out.printf(Locale.ROOT,
                    "sender %s: raw_per_s=%.0f inmemory_per_s=%.0f dynamodb_local_per_s=%.0f inmemory_ratio=%.2f dynamodb_local_ratio=%.3f%n",
                    name, median(raw), median(mem), median(table), median(memRatios), median(tableRatios));
        } finally {
            onTable.close();
        }
    }

    /** Pushes {@code count} notifications through the raw client, at most {@value #IN_FLIGHT} awaiting an answer. */
    private static double rawRate(Supplier<CompletableFuture<?>> push, int count) throws InterruptedException {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicLong failures = new AtomicLong();
        startClean();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            push.get().whenComplete((answer, failure) -> {
                if (failure != null) {
                    failures.incrementAndGet();
                }
                inFlight.release();
            });
        }
        inFlight.acquire(IN_FLIGHT);
        double rate = count / ((System.nanoTime() - start) / 1e9);
        if (failures.get() > 0) {
            throw new AssertionError(failures.get() + " raw pushes failed");
        }
        return rate;
    }

    /** The platform of the benchmark's devices on a push service: iOS on APNs, Android on FCM. */
    private static Platform platformOf(Provider provider) {
        return provider == Provider.APNS ? Platform.IOS : Platform.ANDROID;
    }

    /** A sender's batch on the in-memory stores, pushing through {@code gateway}; its metrics discarded. */
    private static DeliveryBatch inMemoryBatch(SendingHarness harness, Provider provider, InMemorySendingStores memory,
                                               PushGateway gateway) {
        return new DeliveryBatch(provider, TestRegistry.APP,
                new DeliverySender(memory.registry(), memory.sends(), gateway, SenderSettings.DEFAULTS),
                provider == Provider.APNS ? harness.queueBatch(harness.apnsDeliveries, harness.apnsDlq)
                        : harness.queueBatch(harness.fcmDeliveries, harness.fcmDlq),
                Metrics.discarding());
    }

    /** {@code count} devices of the provider, each a person's, put in the in-memory stores. */
    private static List<Device> inMemoryDevices(InMemorySendingStores memory, Provider provider, int count) {
        List<Device> devices = new ArrayList<>();
        Instant registered = Instant.now();
        for (int i = 0; i < count; i++) {
            Device device = Device.builder().appId(TestRegistry.APP)
                    .token(provider == Provider.APNS ? Tokens.apns() : Tokens.fcm())
                    .platform(platformOf(provider)).provider(provider)
                    .personId("mem-" + i).pushEnabled(true).status(DeviceStatus.UNUSED).lastUsed(registered)
                    .createdAt(registered).attributes(Map.of()).registrationVersion(Timestamps.micros(registered)).build();
            memory.put(device);
            devices.add(device);
        }
        return devices;
    }

    /**
     * Plans one send's deliveries in groups in the in-memory store, as dispatch would, and feeds the
     * in-memory sender the group messages in batches of {@link SendingHarness#SENDER_BATCH}.
     */
    private static double inMemoryRate(QueueFunction handler, SendStore sends, List<Device> devices, String round) {
        List<SQSEvent> batches = planInMemory(sends, devices, round);
        startClean();
        long start = System.nanoTime();
        sendInMemory(handler, batches);
        return devices.size() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * One send's deliveries planned in groups in the in-memory store, as dispatch would, as batches
     * of {@link SendingHarness#SENDER_BATCH} group messages.
     */
    private static List<SQSEvent> planInMemory(SendStore sends, List<Device> devices, String round) {
        String requestId = "bench-" + round + "-" + System.nanoTime();
        Instant now = Instant.now();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int from = 0; from < devices.size(); from += DeliveryGroup.MAX_SIZE) {
            List<Device> members = devices.subList(from, Math.min(devices.size(), from + DeliveryGroup.MAX_SIZE));
            int number = records.size();
            Provider provider = members.get(0).provider();
            sends.planGroup(GroupRecord.planned(requestId, number, provider, TestRegistry.APP, MESSAGE,
                    members.stream().map(Device::token).toList()), now);
            List<DeliveryGroup.Slot> slots = new ArrayList<>();
            for (Device device : members) {
                slots.add(new DeliveryGroup.Slot(slots.size(), Delivery.plan(requestId, device, MESSAGE)));
            }
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(requestId + "-" + number);
            record.setBody(DeliveryMessages.write(new DeliveryGroup(requestId, number, provider, TestRegistry.APP, MESSAGE, slots)));
            record.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            records.add(record);
        }
        sends.markDispatched(requestId, Map.of(), now);
        List<SQSEvent> batches = new ArrayList<>();
        for (int from = 0; from < records.size(); from += SendingHarness.SENDER_BATCH) {
            SQSEvent event = new SQSEvent();
            event.setRecords(records.subList(from, Math.min(records.size(), from + SendingHarness.SENDER_BATCH)));
            batches.add(event);
        }
        return batches;
    }

    /** Hands the batches to the sender in turn, the way Lambda's queue trigger does. */
    private static void sendInMemory(QueueFunction handler, List<SQSEvent> batches) {
        for (SQSEvent event : batches) {
            SQSBatchResponse response = LambdaInvocations.invoke(handler, "SendApnsFunction", event);
            if (!response.getBatchItemFailures().isEmpty()) {
                throw new AssertionError(response.getBatchItemFailures().size() + " in-memory deliveries failed");
            }
        }
    }

    /**
     * Dispatches requests naming 100 people each, then drains the provider's queue in batches of
     * {@link SendingHarness#SENDER_BATCH} group messages.
     */
    private static double tableRate(SendingHarness harness, QueueFunction handler, String queue, List<String> people,
                                    String round) {
        long start = System.nanoTime();
        for (int from = 0; from < people.size(); from += 100) {
            harness.dispatcher().dispatch(SendRequest.builder().requestId("bench-" + round + "-" + from + "-" + System.nanoTime())
                    .personIds(people.subList(from, Math.min(people.size(), from + 100))).message(MESSAGE).build(),
                    harness.registry.clock().instant());
        }
        while (true) {
            List<software.amazon.awssdk.services.sqs.model.Message> messages =
                    SendingHarness.receive(queue, SendingHarness.SENDER_BATCH);
            if (messages.isEmpty()) {
                break;
            }
            SQSEvent event = SendingHarness.event(queue, messages);
            SQSBatchResponse response = LambdaInvocations.invoke(handler, "SendApnsFunction", event);
            if (!response.getBatchItemFailures().isEmpty()) {
                throw new AssertionError(response.getBatchItemFailures().size() + " deliveries failed on DynamoDB Local");
            }
            SendingHarness.delete(queue, messages);
        }
        int delivered = 2 * people.size();
        return delivered / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Collects the heap before a measurement starts, so that it does not pay for garbage left by what
     * came before: the planning of the in-memory sender's messages (about 100 MB a round, collected
     * during the sending otherwise), or the other path's round.
     */
    private static void startClean() {
        System.gc();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static <T> CompletableFuture<T> toCompletable(com.google.api.core.ApiFuture<T> future) {
        CompletableFuture<T> completable = new CompletableFuture<>();
        future.addListener(() -> {
            try {
                completable.complete(future.get());
            } catch (Exception failure) {
                completable.completeExceptionally(failure);
            }
        }, Runnable::run);
        return completable;
    }
}
