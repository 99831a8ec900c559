package dev.pushregistry.functions.sendapns;

import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.queue.DeliveryBatch;
import dev.pushregistry.queue.QueueFunction;
import dev.pushregistry.queue.QueueWiring;
import dev.pushregistry.secrets.ProviderSecrets;
import dev.pushregistry.sending.PushGateway;
import dev.pushregistry.store.TableWiring;
import java.time.Clock;

/**
 * Sends the deliveries on the APNs queue. Credentials come from the secret named by
 * {@code APNS_SECRET_ARN} (or, locally, from {@code APNS_CREDENTIALS} or the file named by
 * {@code APNS_CREDENTIALS_FILE});
 * {@code APNS_CONNECTIONS} sets the number of HTTP/2 connections (default 4).
 */
public final class ApnsSendHandler extends QueueFunction {
    /** Wires the Pushy client and the stores from the function's environment, once per container. */
    public ApnsSendHandler() {
        this(new Settings(System.getenv()), Clock.systemUTC());
        useSnapshotHooks(SnapStart.of(ApnsSendHandler::primedCopy, "send-apns.json"));
    }

    /**
     * The copy of the function that primes it before a SnapStart snapshot: it rehearses each batch
     * ({@link DeliveryBatch#rehearse}: the messages read, the devices looked up on offline clients,
     * each push built as the real gateway builds it and not sent).
     */
    public static ApnsSendHandler primedCopy(Settings offline) {
        Clock clock = Clock.systemUTC();
        return new ApnsSendHandler(wire(ApnsGateway.rehearsal(clock), offline)::rehearse, clock);
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public ApnsSendHandler(Settings settings, Clock clock) {
        this(ApnsCredentials.parse(ProviderSecrets.read(settings, "APNS")), settings, clock);
    }

    private ApnsSendHandler(ApnsCredentials credentials, Settings settings, Clock clock) {
        this(new ApnsGateway(ApnsGateway.client(credentials, connections(settings)), credentials.topic(), clock),
                settings, clock);
    }

    /** Closing the function closes the Pushy client. */
    private ApnsSendHandler(ApnsGateway gateway, Settings settings, Clock clock) {
        super(wire(gateway, settings), clock, gateway::close);
    }

    public ApnsSendHandler(DeliveryBatch batch, Clock clock) {
        super(batch, clock, () -> { });
    }

    private ApnsSendHandler(QueueFunction.Batch batch, Clock clock) {
        super(batch, clock, () -> { });
    }

    private static DeliveryBatch wire(PushGateway gateway, Settings settings) {
        TableWiring table = TableWiring.from(settings);
        return QueueWiring.from(settings).deliveryBatch(gateway, table.registryStore(), table.sendStore());
    }

    private static int connections(Settings settings) {
        return settings.wholeNumber("APNS_CONNECTIONS", 4, 1, 64);
    }
}
