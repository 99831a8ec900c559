package dev.pushregistry.system;

import com.eatthepath.pushy.apns.ApnsClient;
import dev.pushregistry.queue.DeliveryMessages;
import dev.pushregistry.functions.sendapns.ApnsCredentials;
import dev.pushregistry.functions.sendapns.ApnsGateway;
import dev.pushregistry.local.LocalApns;
import dev.pushregistry.local.PushInbox;
import dev.pushregistry.sending.DeliverySender;
import dev.pushregistry.sending.PushMessage;
import dev.pushregistry.sending.QueuedDelivery;
import dev.pushregistry.sending.SendRequest;
import dev.pushregistry.sending.SenderSettings;
import dev.pushregistry.testing.LocalSqs;
import dev.pushregistry.testing.SendingHarness;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * How fast one sender works through Lambda-sized batches (100 deliveries) against DynamoDB Local and
 * the local APNs over TLS, recording its table calls one at a time (the baseline) and
 * {@code storeConcurrency} at a time. Prints figures and their ratio; asserts nothing about time.
 * Run with {@code mvn -B install -DskipTests && mvn -B test -pl system-tests -Dgroups=benchmark
 * -Dtest.excludedGroups= -Dtest=SenderThroughputBenchmark}.
 */
@Tag("benchmark")
class SenderThroughputBenchmark {
    private static final int PEOPLE = 50;
    private static final int DEVICES_EACH = 6;
    private static final int BATCH = 100;
    private static final int ROUNDS = 3;

    @Test
    void parallelTableCallsAgainstOneAtATime() throws Exception {
        PushInbox inbox = new PushInbox();
        SendingHarness harness = SendingHarness.create();
        List<String> people = IntStream.range(0, PEOPLE).mapToObj(i -> "bench-" + i).toList();
        for (String person : people) {
            for (int device = 0; device < DEVICES_EACH; device++) {
                harness.registry.identifiedIosDevice(person);
            }
        }
        try (LocalApns apns = LocalApns.start(0, inbox, Clock.systemUTC())) {
            ApnsCredentials credentials = ApnsCredentials.parse(apns.credentialsJson());
            ApnsClient client = ApnsGateway.client(credentials, 4);
            try (ApnsGateway gateway = new ApnsGateway(client, credentials.topic(), Clock.systemUTC())) {
                SenderSettings defaults = SenderSettings.DEFAULTS;
                SenderSettings oneAtATime = new SenderSettings(defaults.maxInFlight(), defaults.pushTimeout(),
                        defaults.badTokenQuorum(), 1);
                DeliverySender baseline = new DeliverySender(harness.registry.store(), harness.sends, gateway, oneAtATime);
                DeliverySender parallel = new DeliverySender(harness.registry.store(), harness.sends, gateway, defaults);
                run(harness, people, baseline, "warm-up");
                double baselineRate = 0;
                double parallelRate = 0;
                for (int round = 1; round <= ROUNDS; round++) {
                    baselineRate += run(harness, people, baseline, "baseline round " + round);
                    parallelRate += run(harness, people, parallel, "parallel round " + round);
                }
                baselineRate /= ROUNDS;
                parallelRate /= ROUNDS;
                System.out.printf(Locale.ROOT, "%nsender, %d deliveries in batches of %d, mean of %d rounds:%n",
                        PEOPLE * DEVICES_EACH, BATCH, ROUNDS);
                System.out.printf(Locale.ROOT, "  table calls one at a time: %8.1f deliveries/s%n", baselineRate);
                System.out.printf(Locale.ROOT, "  %2d table calls at once:    %8.1f deliveries/s%n",
                        defaults.storeConcurrency(), parallelRate);
                System.out.printf(Locale.ROOT, "  ratio: %.2fx%n", parallelRate / baselineRate);
            }
        }
    }

    /** Dispatches one request per person, then sends every delivery in batches; answers deliveries per second. */
    private static double run(SendingHarness harness, List<String> people, DeliverySender sender, String label) {
        String round = label.replace(' ', '-') + "-" + System.nanoTime();
        for (String person : people) {
            harness.dispatcher().dispatch(SendRequest.builder().requestId(round + "-" + person)
                    .personIds(List.of(person)).message(PushMessage.builder().title("Hi").build()).build(),
                    harness.registry.clock().instant());
        }
        List<QueuedDelivery> deliveries = new ArrayList<>();
        while (true) {
            List<Message> messages = LocalSqs.server().client().receiveMessage(receive -> receive
                    .queueUrl(harness.apnsDeliveries).maxNumberOfMessages(10)).messages();
            if (messages.isEmpty()) {
                break;
            }
            for (Message message : messages) {
                deliveries.add(DeliveryMessages.readQueued(message.messageId(), message.body(), false));
                LocalSqs.server().client().deleteMessage(delete -> delete.queueUrl(harness.apnsDeliveries)
                        .receiptHandle(message.receiptHandle()));
            }
        }
        long start = System.nanoTime();
        for (int from = 0; from < deliveries.size(); from += BATCH) {
            sender.send(deliveries.subList(from, Math.min(deliveries.size(), from + BATCH)), harness.registry.clock().instant());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = deliveries.size() / seconds;
        System.out.printf(Locale.ROOT, "  %-18s %d deliveries in %.2f s = %.1f/s%n", label, deliveries.size(), seconds, rate);
        return rate;
    }
}
