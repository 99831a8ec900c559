package dev.pushregistry.queue.sqs;

import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.core.sending.SendRequest;
import dev.pushregistry.core.sending.SendRequestQueue;
import dev.pushregistry.json.Json;
import dev.pushregistry.messages.SendRequestFormat;
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
            sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody(Json.write(SendRequestFormat.json(request))));
        } catch (SdkException failure) {
            throw new TransientFailure.Unavailable("could not queue the send request", failure);
        }
    }
}
