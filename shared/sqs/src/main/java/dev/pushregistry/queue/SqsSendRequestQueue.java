package dev.pushregistry.queue;

import dev.pushregistry.error.TransientFailure;
import dev.pushregistry.json.Json;
import dev.pushregistry.sending.SendRequest;
import dev.pushregistry.sending.SendRequestQueue;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The send-request queue that campaign systems also write to. */
public final class SqsSendRequestQueue implements SendRequestQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsSendRequestQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void submit(SendRequest request) {
        try {
            sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody(Json.write(SendRequests.json(request))));
        } catch (SdkException failure) {
            throw new TransientFailure.Unavailable("could not queue the send request", failure);
        }
    }
}
