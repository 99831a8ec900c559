package dev.pushregistry.functions.send.apns;

import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.configuration.Variables;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.sending.DeliverySender;
import dev.pushregistry.core.sending.PushGateway;
import dev.pushregistry.core.sending.RoutingGateway;
import dev.pushregistry.core.sending.SenderSettings;
import dev.pushregistry.queue.sqs.DeliveryBatch;
import dev.pushregistry.queue.sqs.QueueFunction;
import dev.pushregistry.queue.sqs.QueueWiring;
import dev.pushregistry.secrets.ProviderSecrets;
import dev.pushregistry.store.dynamodb.TableWiring;
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
    /**
     * Lambda's entry point: the function wired from its environment, once per container, with its
     * SnapStart hooks (primed with {@code events/send-apns.json} by {@link #primedCopy}).
     */
    public ApnsSendHandler() {
        this(partsFrom(new Settings(System.getenv()), Clock.systemUTC()));
        useSnapshotHooks(SnapStart.of(ApnsSendHandler::primedCopy, "send-apns.json"));
    }

    public ApnsSendHandler(Parts parts) {
        super(parts);
    }

    /**
     * The function's parts, from the given environment variables (one function of several in a JVM,
     * say): closing the function closes every Pushy client it opened.
     */
    public static Parts partsFrom(Settings settings, Clock clock) {
        RoutingGateway gateway = gateway(settings, clock);
        return new Parts(deliveryBatch(gateway, settings), clock, gateway::close);
    }

    /**
     * The copy of the function that primes it before a SnapStart snapshot: it rehearses each batch
     * ({@link DeliveryBatch#rehearse}: the messages read, the devices looked up on offline clients,
     * each push built as the real gateway builds it and not sent).
     */
    public static ApnsSendHandler primedCopy(Settings offline) {
        Clock clock = Clock.systemUTC();
        return new ApnsSendHandler(Parts.of(deliveryBatch(ApnsGateway.rehearsal(clock), offline)::rehearse, clock));
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

    private static DeliveryBatch deliveryBatch(PushGateway gateway, Settings settings) {
        TableWiring table = TableWiring.from(settings);
        SenderSettings sender = SenderSettings.fromVariables(Variables.of(settings::optional),
                AwsClients.IDLE_CONNECTIONS_KEPT);
        return QueueWiring.from(settings).deliveryBatch(gateway.provider(),
                new DeliverySender(table.registryStore(), table.sendStore(), gateway, sender));
    }

    private static int connections(Settings settings) {
        return settings.wholeNumber("APNS_CONNECTIONS", 4, 1, 64);
    }
}
