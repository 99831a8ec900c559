package dev.pushregistry.functions.sendfcm;

import com.google.firebase.FirebaseApp;
import com.google.firebase.messaging.FirebaseMessaging;
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
 * Sends the deliveries on the FCM queue. The service account comes from the secret named by
 * {@code FCM_SECRET_ARN} (or, locally, from {@code FCM_CREDENTIALS} or the file named by
 * {@code FCM_CREDENTIALS_FILE}); {@code FCM_ENDPOINT_URL} names an FCM-compatible endpoint other
 * than Google's.
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
        this(FcmCredentials.app(ProviderSecrets.read(settings, "FCM"), settings.optional("FCM_ENDPOINT_URL")),
                settings, clock);
    }

    /** Closing the function deletes the Firebase app. */
    private FcmSendHandler(FirebaseApp app, Settings settings, Clock clock) {
        super(wire(new FcmGateway(FirebaseMessaging.getInstance(app), clock), settings), clock, app::delete);
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
