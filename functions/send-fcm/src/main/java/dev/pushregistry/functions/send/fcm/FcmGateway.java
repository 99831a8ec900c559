package dev.pushregistry.functions.send.fcm;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.firebase.ErrorCode;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.MessagingErrorCode;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.sending.Delivery;
import dev.pushregistry.core.sending.PushGateway;
import dev.pushregistry.core.sending.PushResult;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * FCM for one app through the Firebase Admin SDK (HTTP v1 API); the sender keeps one per app
 * ({@code RoutingGateway}). FCM's error codes are sorted into
 * {@link PushResult}s; failures that carry no FCM answer (connection trouble) are left for the
 * sender to retry.
 */
public final class FcmGateway implements PushGateway, AutoCloseable {
    /** Errors about our request or credentials, when FCM gives no messaging error code. */
    private static final Set<ErrorCode> OUR_FAULT = EnumSet.of(ErrorCode.INVALID_ARGUMENT, ErrorCode.UNAUTHENTICATED,
            ErrorCode.PERMISSION_DENIED, ErrorCode.NOT_FOUND, ErrorCode.FAILED_PRECONDITION, ErrorCode.OUT_OF_RANGE);

    private final FirebaseMessaging messaging;
    private final Clock clock;
    private final Runnable closing;

    /** @param closing what closing the gateway does (deletes the Firebase app it sends through) */
    public FcmGateway(FirebaseMessaging messaging, Clock clock, Runnable closing) {
        this.messaging = Objects.requireNonNull(messaging, "messaging");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.closing = Objects.requireNonNull(closing, "closing");
    }

    @Override
    public void close() {
        closing.run();
    }

    /**
     * A gateway that builds each delivery's FCM message as this one does and sends nothing: what the
     * sender's primed copy rehearses with.
     */
    static PushGateway rehearsal(Clock clock) {
        return PushGateway.rehearsal(Provider.FCM, delivery -> FcmMessages.of(delivery, clock.instant()));
    }

    @Override
    public Provider provider() {
        return Provider.FCM;
    }

    @Override
    public CompletableFuture<PushResult> push(Delivery delivery) {
        CompletableFuture<PushResult> result = new CompletableFuture<>();
        ApiFuture<String> sent = messaging.sendAsync(FcmMessages.of(delivery, clock.instant()));
        ApiFutures.addCallback(sent, new ApiFutureCallback<>() {
            @Override
            public void onSuccess(String messageId) {
                result.complete(new PushResult.Accepted());
            }

            @Override
            public void onFailure(Throwable failure) {
                if (failure instanceof FirebaseMessagingException refused) {
                    result.complete(result(refused));
                } else {
                    result.completeExceptionally(failure);
                }
            }
        }, MoreExecutors.directExecutor());
        return result;
    }

    /** What FCM's answer means. */
    static PushResult result(FirebaseMessagingException refused) {
        MessagingErrorCode code = refused.getMessagingErrorCode();
        String description = "FCM " + (code != null ? code : refused.getErrorCode());
        if (code != null) {
            switch (code) {
                case UNREGISTERED:
                    return new PushResult.Unregistered(Optional.empty());
                case SENDER_ID_MISMATCH:
                    return new PushResult.BadToken(code.name());
                case INVALID_ARGUMENT:
                    return aboutTheToken(refused)
                            ? new PushResult.BadToken(code.name())
                            : new PushResult.Misconfigured(description + ": " + refused.getMessage());
                case THIRD_PARTY_AUTH_ERROR:
                    return new PushResult.Misconfigured(description + ": the APNs credentials in Firebase were refused");
                case QUOTA_EXCEEDED:
                case UNAVAILABLE:
                case INTERNAL:
                default:
                    return new PushResult.Unavailable(description);
            }
        }
        if (OUR_FAULT.contains(refused.getErrorCode())) {
            return new PushResult.Misconfigured(description + ": " + refused.getMessage());
        }
        return new PushResult.Unavailable(description);
    }

    /** FCM says INVALID_ARGUMENT both for a malformed token and for a malformed message. */
    private static boolean aboutTheToken(FirebaseMessagingException refused) {
        String message = String.valueOf(refused.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("registration token");
    }
}
