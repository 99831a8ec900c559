package dev.pushregistry.functions.sendapns;

import dev.pushregistry.app.Apps;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.device.Provider;
import dev.pushregistry.queue.DeliveryBatch;
import dev.pushregistry.queue.QueueFunction;
import dev.pushregistry.queue.QueueWiring;
import dev.pushregistry.secrets.ProviderSecrets;
import dev.pushregistry.sending.PushGateway;
import dev.pushregistry.sending.RoutingGateway;
import dev.pushregistry.store.TableWiring;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends the deliveries on the APNs queue, each with its app's credentials ({@link ProviderSecrets},
 * read on the app's first push) to the endpoint of its token's environment: one Pushy client per app
 * and environment, opened on first use and kept. {@code APNS_CONNECTIONS} sets each client's number
 * of HTTP/2 connections (default 4).
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
        this(gateway(settings, clock), settings, clock);
    }

    /** Closing the function closes every Pushy client it opened. */
    private ApnsSendHandler(RoutingGateway gateway, Settings settings, Clock clock) {
        super(wire(gateway, settings), clock, gateway::close);
    }

    /** A gateway per app and environment, opened from the app's credentials on its first push. */
    private static RoutingGateway gateway(Settings settings, Clock clock) {
        int connections = connections(settings);
        String defaultAppId = Apps.fromVariables(settings::optional).defaultAppId();
        ProviderSecrets secrets = new ProviderSecrets(settings, "APNS", defaultAppId);
        Map<String, ApnsCredentials> credentials = new ConcurrentHashMap<>();
        return new RoutingGateway(Provider.APNS, route -> {
            ApnsCredentials app = credentials.computeIfAbsent(route.appId(),
                    appId -> ApnsCredentials.parse(secrets.read(appId)));
            return new ApnsGateway(ApnsGateway.client(app, route.apnsEnvironment(), connections), app.topic(), clock);
        }, clock);
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
