package dev.pushregistry.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pushregistry.device.Device;
import dev.pushregistry.device.DeviceStatus;
import dev.pushregistry.fixtures.AnsweringGateway;
import dev.pushregistry.queue.DeliveryMessages;
import dev.pushregistry.store.DynamoDbSendStore;
import dev.pushregistry.testing.DynamoDbLocal;
import dev.pushregistry.testing.TestRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** The sender's bookkeeping when the table fails for one delivery of a batch. */
class DeliverySenderTest {
    private final Set<String> failingTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> failingClaims = ConcurrentHashMap.newKeySet();
    private final TestRegistry registry = TestRegistry.usingClient(DynamoDbLocal.server().newClient(new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof UpdateItemRequest update
                    && failingClaims.stream().anyMatch(token -> update.key().get("SK").s().endsWith(token))) {
                throw SdkClientException.create("table unreachable");
            }
            if (context.request() instanceof TransactWriteItemsRequest transaction && transaction.transactItems().stream()
                    .anyMatch(item -> item.update() != null
                            && failingTokens.stream().anyMatch(token -> item.update().key().get("SK").s().endsWith(token)))) {
                throw SdkClientException.create("table unreachable");
            }
        }
    }));
    private final DynamoDbSendStore sends =
            new DynamoDbSendStore(registry.client(), registry.table(), registry.store(), Duration.ofDays(1));
    private final List<String> pushed = new ArrayList<>();
    private final PushGateway acceptAll = AnsweringGateway.apns(delivery -> {
        synchronized (pushed) {
            pushed.add(delivery.token());
        }
        return new PushResult.Accepted();
    });
    private final DeliverySender sender = new DeliverySender(registry.store(), sends, acceptAll, SenderSettings.DEFAULTS);

    private QueuedDelivery planned(String messageId, String token) {
        Instant now = registry.clock().instant();
        Device device = registry.store().findDevice(token, now).orElseThrow();
        Delivery delivery = Delivery.plan("r", device, PushMessage.builder().title("Hi").build());
        sends.planDeliveries(List.of(delivery), now);
        return new QueuedDelivery(messageId, delivery, false);
    }

    @Test
    void anOutcomeThatCannotBeWrittenIsHandedOverAndTheFollowUpRecordsItWithoutPushingAgain() {
        String failing = registry.identifiedIosDevice("ann");
        String fine = registry.identifiedIosDevice("ann");
        QueuedDelivery first = planned("m1", failing);
        QueuedDelivery second = planned("m2", fine);
        failingTokens.add(failing);

        Map<String, MessageOutcome> reports = sender.send(List.of(first, second), registry.clock().instant());

        assertEquals(MessageOutcome.Disposition.HAND_OVER, reports.get("m1").disposition());
        assertEquals(MessageOutcome.Disposition.DONE, reports.get("m2").disposition());
        assertEquals(DeviceStatus.UNUSED, registry.store().findDevice(failing, registry.clock().peek()).orElseThrow().status());
        assertEquals(DeviceStatus.SENT, registry.store().findDevice(fine, registry.clock().peek()).orElseThrow().status());

        failingTokens.clear();
        String followUp = DeliveryMessages.writeRecording(reports.get("m1").followUp());
        QueuedDelivery recording = DeliveryMessages.readQueued("m3", followUp, false);
        Map<String, MessageOutcome> recorded = sender.send(List.of(recording), registry.clock().instant());

        assertEquals(MessageOutcome.Disposition.DONE, recorded.get("m3").disposition());
        assertEquals(DeviceStatus.SENT, registry.store().findDevice(failing, registry.clock().peek()).orElseThrow().status());
        SendSummary summary = sends.findSummary("r").orElseThrow();
        assertEquals(2, summary.count("sent"));
        assertEquals(List.of(failing, fine), pushed, "each device pushed once: the follow-up only records");
        registry.assertConsistent();
    }

    @Test
    void aClaimThatCannotBeWrittenRetriesOnlyItsOwnMessageAndNothingIsPushedForIt() {
        String unclaimable = registry.identifiedIosDevice("ann");
        String fine = registry.identifiedIosDevice("ann");
        QueuedDelivery first = planned("m1", unclaimable);
        QueuedDelivery second = planned("m2", fine);
        failingClaims.add(unclaimable);

        Map<String, MessageOutcome> reports = sender.send(List.of(first, second), registry.clock().instant());

        assertEquals(MessageOutcome.Disposition.RETRY, reports.get("m1").disposition());
        assertEquals(MessageOutcome.Disposition.DONE, reports.get("m2").disposition());
        assertEquals(List.of(fine), pushed, "nothing pushed without a claim");
        assertEquals(DeviceStatus.UNUSED, registry.store().findDevice(unclaimable, registry.clock().peek()).orElseThrow().status());
        assertEquals(DeviceStatus.SENT, registry.store().findDevice(fine, registry.clock().peek()).orElseThrow().status());

        failingClaims.clear();
        Map<String, MessageOutcome> retried = sender.send(List.of(first), registry.clock().instant());

        assertEquals(MessageOutcome.Disposition.DONE, retried.get("m1").disposition());
        assertEquals(List.of(fine, unclaimable), pushed, "each device pushed once");
        assertEquals(2, sends.findSummary("r").orElseThrow().count("sent"));
        registry.assertConsistent();
    }
}
