package dev.pushregistry.functions.sendfcm;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.firebase.FirebaseApp;
import com.google.firebase.messaging.FirebaseMessaging;
import dev.pushregistry.aws.ProviderSecrets;
import dev.pushregistry.aws.RegistryEnvironment;
import dev.pushregistry.device.Provider;
import dev.pushregistry.queue.DeliveryBatch;
import java.time.Clock;

/**
 * Sends the deliveries on the FCM queue. The service account comes from the secret named by
 * {@code FCM_SECRET_ARN} (or, locally, from {@code FCM_CREDENTIALS} or the file named by
 * {@code FCM_CREDENTIALS_FILE}); {@code FCM_ENDPOINT_URL} names an FCM-compatible endpoint other
 * than Google's.
 */
public final class FcmSendHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {
    private final DeliveryBatch batch;
    private final Clock clock;
    private final Runnable release;

    /** Wires the Firebase app and the stores from the function's environment, once per container. */
    public FcmSendHandler() {
        this(RegistryEnvironment.fromSystem(), Clock.systemUTC());
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public FcmSendHandler(RegistryEnvironment environment, Clock clock) {
        this(FcmCredentials.app(ProviderSecrets.read(environment, "FCM"), environment.optional("FCM_ENDPOINT_URL")),
                environment, clock);
    }

    private FcmSendHandler(FirebaseApp app, RegistryEnvironment environment, Clock clock) {
        this.batch = new DeliveryBatch(Provider.FCM, environment.deliverySender(
                new FcmGateway(FirebaseMessaging.getInstance(app), clock)), environment.queueBatch());
        this.clock = clock;
        this.release = app::delete;
    }

    public FcmSendHandler(DeliveryBatch batch, Clock clock) {
        this.batch = batch;
        this.clock = clock;
        this.release = () -> { };
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, clock.instant());
    }

    /** Deletes the Firebase app it wired (when a JVM that hosts the function stops it; Lambda never does). */
    @Override
    public void close() {
        release.run();
    }
}
