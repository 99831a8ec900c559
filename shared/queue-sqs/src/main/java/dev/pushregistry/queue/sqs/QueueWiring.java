package dev.pushregistry.queue.sqs;

import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.sending.DeliveryQueue;
import dev.pushregistry.core.sending.DeliverySender;
import dev.pushregistry.core.sending.Dispatcher;
import dev.pushregistry.core.sending.SendRequestQueue;
import dev.pushregistry.telemetry.Metrics;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The queue side of a function, wired once per container from its settings. Each method reads only
 * the settings of the part it wires, so a function is refused at start-up for a bad value of a
 * setting it uses and never for one it does not:
 *
 * <ul>
 *   <li>{@link #sendRequestQueue}: {@code SEND_REQUESTS_QUEUE_URL}, where {@code POST /v1/sends}
 *       queues requests;</li>
 *   <li>{@link #deliveryQueues}: {@code APNS_QUEUE_URL} and {@code FCM_QUEUE_URL}, where dispatch
 *       queues deliveries;</li>
 *   <li>{@link #dispatchBatch} and {@link #deliveryBatch}: the consumed queue's settings;</li>
 *   <li>the batches' metrics: {@code METRICS_NAMESPACE} (see {@link Metrics#from});</li>
 *   <li>the consumed queue: {@code QUEUE_URL} and {@code DEAD_LETTER_QUEUE_URL},
 *       {@code MAX_ATTEMPTS} (1 to 100, default 5) and {@code RETRY_BACKOFF_SECONDS} (1 to 900,
 *       default 10), the first pause, which doubles with each attempt.</li>
 * </ul>
 */
public final class QueueWiring {
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final int DEFAULT_RETRY_BACKOFF_SECONDS = 10;

    private final Settings settings;
    private final Supplier<SqsClient> sqs;
    private final Metrics metrics;

    private QueueWiring(Settings settings, Supplier<SqsClient> sqs) {
        this.settings = settings;
        this.sqs = sqs;
        this.metrics = Metrics.from(settings);
    }

    /**
     * The queue side of a function. The SQS client is built when first needed: by the send
     * endpoints and dispatch at once (every request queues something), by a sender only when it
     * first delays, hands over or dead-letters a message, which most of its batches never do.
     *
     * @throws IllegalStateException when {@code AWS_REGION} is not set
     */
    public static QueueWiring from(Settings settings) {
        AwsClients clients = AwsClients.from(settings);
        return new QueueWiring(settings, new FirstUse<>(() -> clients.build(SqsClient.builder(), "SQS")));
    }

    /** The send-request queue, where {@code POST /v1/sends} queues requests for dispatch. */
    public SendRequestQueue sendRequestQueue() {
        return new SqsSendRequestQueue(sqs.get(), settings.required("SEND_REQUESTS_QUEUE_URL"));
    }

    /** The push services' delivery queues, where dispatch queues deliveries. */
    public DeliveryQueue deliveryQueues() {
        return new SqsDeliveryQueue(sqs.get(), Map.of(
                Provider.APNS, settings.required("APNS_QUEUE_URL"),
                Provider.FCM, settings.required("FCM_QUEUE_URL")));
    }

    /** Dispatch's batch: each consumed send request goes to {@code dispatcher}. */
    public SendRequestBatch dispatchBatch(Dispatcher dispatcher) {
        return new SendRequestBatch(Apps.fromVariables(settings::optional), dispatcher, queueBatch(), metrics);
    }

    /** A sender's batch: the consumed deliveries of {@code provider} go to {@code sender}. */
    public DeliveryBatch deliveryBatch(Provider provider, DeliverySender sender) {
        return new DeliveryBatch(provider, Apps.fromVariables(settings::optional).defaultAppId(), sender, queueBatch(),
                metrics);
    }

    /** How the function treats the messages of the queue it consumes. */
    QueueBatch queueBatch() {
        return new QueueBatch(sqs, new QueueSettings(settings.required("QUEUE_URL"),
                settings.required("DEAD_LETTER_QUEUE_URL"),
                settings.wholeNumber("MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS, 1, 100),
                Duration.ofSeconds(settings.wholeNumber("RETRY_BACKOFF_SECONDS", DEFAULT_RETRY_BACKOFF_SECONDS, 1,
                        900))), metrics);
    }

    /** What a supplier gives, made on the first call and kept. */
    private static final class FirstUse<T> implements Supplier<T> {
        private final Supplier<T> make;
        private T made;

        FirstUse(Supplier<T> make) {
            this.make = make;
        }

        @Override
        public synchronized T get() {
            if (made == null) {
                made = make.get();
            }
            return made;
        }
    }
}
