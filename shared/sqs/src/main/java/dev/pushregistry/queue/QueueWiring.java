package dev.pushregistry.queue;

import dev.pushregistry.app.Apps;
import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.device.Provider;
import dev.pushregistry.registry.RegistryStore;
import dev.pushregistry.sending.DeliverySender;
import dev.pushregistry.sending.Dispatcher;
import dev.pushregistry.sending.PushGateway;
import dev.pushregistry.sending.SendService;
import dev.pushregistry.sending.SendStore;
import dev.pushregistry.sending.SenderSettings;
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
 *   <li>{@link #sendService}: {@code SEND_REQUESTS_QUEUE_URL}, where {@code POST /v1/sends} queues
 *       requests;</li>
 *   <li>{@link #dispatchBatch}: {@code APNS_QUEUE_URL} and {@code FCM_QUEUE_URL}, where dispatch
 *       queues deliveries, and the consumed queue's settings;</li>
 *   <li>{@link #deliveryBatch}: {@code MAX_IN_FLIGHT} (1 to 10000, default 100),
 *       {@code PUSH_TIMEOUT_SECONDS} (1 to 300, default 15) and {@code STORE_CONCURRENCY} (1 to 256,
 *       default 16), how a sender pushes and records, and the consumed queue's settings;</li>
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

    /** The send endpoints over {@code sends}, queueing requests for dispatch. */
    public SendService sendService(SendStore sends) {
        return new SendService(sends, new SqsSendRequestQueue(sqs.get(), settings.required("SEND_REQUESTS_QUEUE_URL")));
    }

    /** Dispatch: the consumed send requests become deliveries on the push services' queues. */
    public SendRequestBatch dispatchBatch(RegistryStore registry, SendStore sends) {
        SqsDeliveryQueue deliveries = new SqsDeliveryQueue(sqs.get(), Map.of(
                Provider.APNS, settings.required("APNS_QUEUE_URL"),
                Provider.FCM, settings.required("FCM_QUEUE_URL")));
        return new SendRequestBatch(Apps.fromVariables(settings::optional), new Dispatcher(registry, sends, deliveries),
                queueBatch(), metrics);
    }

    /** A sender: the consumed deliveries are pushed through {@code gateway} and recorded. */
    public DeliveryBatch deliveryBatch(PushGateway gateway, RegistryStore registry, SendStore sends) {
        SenderSettings defaults = SenderSettings.DEFAULTS;
        SenderSettings sender = new SenderSettings(
                settings.wholeNumber("MAX_IN_FLIGHT", defaults.maxInFlight(), 1, 10_000),
                Duration.ofSeconds(settings.wholeNumber("PUSH_TIMEOUT_SECONDS",
                        (int) defaults.pushTimeout().getSeconds(), 1, 300)),
                defaults.badTokenQuorum(),
                settings.wholeNumber("STORE_CONCURRENCY", defaults.storeConcurrency(), 1,
                        AwsClients.IDLE_CONNECTIONS_KEPT));
        return new DeliveryBatch(gateway.provider(), Apps.fromVariables(settings::optional).defaultAppId(),
                new DeliverySender(registry, sends, gateway, sender), queueBatch(), metrics);
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
