package dev.pushregistry.queue.sqs;

import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.core.sending.DeliveryGroup;
import dev.pushregistry.core.sending.DeliveryQueue;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** Queues delivery groups on one SQS queue per push service, one message a group, ten to a request. */
public final class SqsDeliveryQueue implements DeliveryQueue {
    private static final int BATCH_LIMIT = 10;

    private final SqsClient sqs;
    private final Map<Provider, String> queueUrls;

    /** @param queueUrls the queue of each push service */
    public SqsDeliveryQueue(SqsClient sqs, Map<Provider, String> queueUrls) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrls = new EnumMap<>(queueUrls);
        for (Provider provider : Provider.values()) {
            Objects.requireNonNull(this.queueUrls.get(provider), "a queue for " + provider.wire());
        }
    }

    @Override
    public void enqueue(List<DeliveryGroup> groups) {
        Map<Provider, List<DeliveryGroup>> byProvider = new EnumMap<>(Provider.class);
        groups.forEach(group -> byProvider.computeIfAbsent(group.provider(), p -> new ArrayList<>()).add(group));
        byProvider.forEach((provider, list) -> {
            for (int start = 0; start < list.size(); start += BATCH_LIMIT) {
                send(queueUrls.get(provider), list.subList(start, Math.min(list.size(), start + BATCH_LIMIT)));
            }
        });
    }

    private void send(String queueUrl, List<DeliveryGroup> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int index = 0; index < batch.size(); index++) {
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(index))
                    .messageBody(DeliveryMessages.write(batch.get(index)))
                    .build());
        }
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(send -> send.queueUrl(queueUrl).entries(entries));
        } catch (SdkException failure) {
            throw new TransientFailure.Unavailable("could not queue delivery groups", failure);
        }
        if (!response.failed().isEmpty()) {
            throw new TransientFailure.Unavailable(response.failed().size() + " of " + batch.size()
                    + " delivery groups were not queued: " + response.failed().get(0).code(), null);
        }
    }
}
