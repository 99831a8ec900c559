package dev.pushregistry.functions.sendfcm;

import com.google.firebase.FirebaseApp;
import com.google.firebase.messaging.FirebaseMessaging;
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

/**
 * Sends the deliveries on the FCM queue, each with its app's service account ({@link ProviderSecrets},
 * read on the app's first push): one Firebase app per app, opened on first use and kept.
 * {@code FCM_ENDPOINT_URL} names an FCM-compatible endpoint other than Google's.
 */
public final class FcmSendHandler extends QueueFunction {
    /** Wires the Firebase app and the stores from the function's environment, once per container. */
    public FcmSendHandler() {
        this(new Settings(System.getenv()), Clock.systemUTC());
        useSnapshotHooks(SnapStart.of(FcmSendHandler::primedCopy, "send-fcm.json"));
    }

    /**
     * The copy of the function that primes it before a SnapStart snapshot: it rehearses each batch
     * ({@link DeliveryBatch#rehearse}: the messages read, the devices looked up on offline clients,
     * each push built as the real gateway builds it and not sent).
     */
    public static FcmSendHandler primedCopy(Settings offline) {
        Clock clock = Clock.systemUTC();
        return new FcmSendHandler(wire(FcmGateway.rehearsal(clock), offline)::rehearse, clock);
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public FcmSendHandler(Settings settings, Clock clock) {
        this(gateway(settings, clock), settings, clock);
    }

    /** Closing the function deletes every Firebase app it opened. */
    private FcmSendHandler(RoutingGateway gateway, Settings settings, Clock clock) {
        super(wire(gateway, settings), clock, gateway::close);
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

    public FcmSendHandler(DeliveryBatch batch, Clock clock) {
        super(batch, clock, () -> { });
    }

    private FcmSendHandler(QueueFunction.Batch batch, Clock clock) {
        super(batch, clock, () -> { });
    }

    private static DeliveryBatch wire(PushGateway gateway, Settings settings) {
        TableWiring table = TableWiring.from(settings);
        return QueueWiring.from(settings).deliveryBatch(gateway, table.registryStore(), table.sendStore());
    }
}
