package dev.pushregistry.functions.sendapns;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pushregistry.aws.ProviderSecrets;
import dev.pushregistry.aws.RegistryEnvironment;
import dev.pushregistry.device.Provider;
import dev.pushregistry.queue.DeliveryBatch;
import java.time.Clock;

/**
 * Sends the deliveries on the APNs queue. Credentials come from the secret named by
 * {@code APNS_SECRET_ARN} (or, locally, from {@code APNS_CREDENTIALS} or the file named by
 * {@code APNS_CREDENTIALS_FILE});
 * {@code APNS_CONNECTIONS} sets the number of HTTP/2 connections (default 4).
 */
public final class ApnsSendHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {
    private final DeliveryBatch batch;
    private final Clock clock;
    private final Runnable release;

    /** Wires the Pushy client and the stores from the function's environment, once per container. */
    public ApnsSendHandler() {
        this(RegistryEnvironment.fromSystem(), Clock.systemUTC());
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public ApnsSendHandler(RegistryEnvironment environment, Clock clock) {
        this(ApnsCredentials.parse(ProviderSecrets.read(environment, "APNS")), environment, clock);
    }

    private ApnsSendHandler(ApnsCredentials credentials, RegistryEnvironment environment, Clock clock) {
        this(new ApnsGateway(ApnsGateway.client(credentials, connections(environment)), credentials.topic(), clock),
                environment, clock);
    }

    private ApnsSendHandler(ApnsGateway gateway, RegistryEnvironment environment, Clock clock) {
        this.batch = new DeliveryBatch(Provider.APNS, environment.deliverySender(gateway), environment.queueBatch());
        this.clock = clock;
        this.release = gateway::close;
    }

    public ApnsSendHandler(DeliveryBatch batch, Clock clock) {
        this.batch = batch;
        this.clock = clock;
        this.release = () -> { };
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, clock.instant());
    }

    /** Closes the Pushy client it wired (when a JVM that hosts the function stops it; Lambda never does). */
    @Override
    public void close() {
        release.run();
    }

    private static int connections(RegistryEnvironment environment) {
        return environment.settings().wholeNumber("APNS_CONNECTIONS", 4, 1, 64);
    }
}
