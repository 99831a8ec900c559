package dev.pushregistry.functions.send.fcm;

import com.google.firebase.FirebaseApp;
import com.google.firebase.messaging.FirebaseMessaging;
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

/**
 * Sends the deliveries on the FCM queue, each with its app's service account ({@link ProviderSecrets},
 * read on the app's first push): one Firebase app per app, opened on first use and kept.
 * {@code FCM_ENDPOINT_URL} names an FCM-compatible endpoint other than Google's.
 */
public final class FcmSendHandler extends QueueFunction {
    /**
     * Lambda's entry point: the function wired from its environment, once per container, with its
     * SnapStart hooks (primed with {@code events/send-fcm.json} by {@link #primedCopy}).
     */
    public FcmSendHandler() {
        this(partsFrom(new Settings(System.getenv()), Clock.systemUTC()));
        useSnapshotHooks(SnapStart.of(FcmSendHandler::primedCopy, "send-fcm.json"));
    }

    public FcmSendHandler(Parts parts) {
        super(parts);
    }

    /**
     * The function's parts, from the given environment variables (one function of several in a JVM,
     * say): closing the function closes every Firebase app it opened.
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
    public static FcmSendHandler primedCopy(Settings offline) {
        Clock clock = Clock.systemUTC();
        return new FcmSendHandler(Parts.of(deliveryBatch(FcmGateway.rehearsal(clock), offline)::rehearse, clock));
    }

    /** A gateway per app, its Firebase app opened from the app's service account on its first push. */
    private static RoutingGateway gateway(Settings settings, Clock clock) {
        String defaultAppId = Apps.fromVariables(settings::optional).defaultAppId();
        ProviderSecrets secrets = new ProviderSecrets(settings, "FCM", defaultAppId);
        String endpoint = settings.optional("FCM_ENDPOINT_URL");
        return new RoutingGateway(Provider.FCM, route -> {
            FirebaseApp app = FcmCredentials.app(secrets.read(route.appId()), endpoint, route.appId());
            return new FcmGateway(FirebaseMessaging.getInstance(app), clock, app::delete);
        }, clock);
    }

    private static DeliveryBatch deliveryBatch(PushGateway gateway, Settings settings) {
        TableWiring table = TableWiring.from(settings);
        SenderSettings sender = SenderSettings.fromVariables(Variables.of(settings::optional),
                AwsClients.IDLE_CONNECTIONS_KEPT);
        return QueueWiring.from(settings).deliveryBatch(gateway.provider(),
                new DeliverySender(table.registryStore(), table.sendStore(), gateway, sender));
    }
}
