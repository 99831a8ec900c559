package dev.pushregistry.functions.send.fcm;

import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.AndroidNotification;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.ApsAlert;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.sending.Delivery;
import dev.pushregistry.core.sending.Priority;
import dev.pushregistry.core.sending.PushMessage;
import dev.pushregistry.json.Json;
import dev.pushregistry.messages.PushPayloads;
import java.time.Instant;

/**
 * A delivery as an FCM v1 message: the notification (unless it is a background push), the data,
 * and the Android or APNs options for the device's platform (priority, lifetime, collapse key,
 * sound, thread, category, image).
 */
final class FcmMessages {
    private FcmMessages() {
    }

    static Message of(Delivery delivery, Instant now) {
        PushMessage message = delivery.message();
        Message.Builder builder = Message.builder()
                .setToken(delivery.token())
                .putAllData(PushPayloads.appData(message));
        if (message.liveActivity().isPresent()) {
            return builder.setApnsConfig(liveActivity(delivery, now)).build();
        }
        if (message.visible()) {
            builder.setNotification(Notification.builder()
                    .setTitle(message.title().orElse(null))
                    .setBody(message.body().orElse(null))
                    .setImage(message.imageUrl().orElse(null))
                    .build());
        }
        if (delivery.platform() == Platform.ANDROID) {
            builder.setAndroidConfig(android(message));
        } else {
            builder.setApnsConfig(apns(message, now));
        }
        return builder.build();
    }

    private static AndroidConfig android(PushMessage message) {
        AndroidConfig.Builder android = AndroidConfig.builder()
                .setPriority(message.priority() == Priority.HIGH ? AndroidConfig.Priority.HIGH : AndroidConfig.Priority.NORMAL);
        message.ttlSeconds().ifPresent(ttl -> android.setTtl(ttl * 1000L));
        message.collapseKey().ifPresent(android::setCollapseKey);
        if (message.visible() && (message.sound().isPresent() || message.category().isPresent())) {
            android.setNotification(AndroidNotification.builder()
                    .setSound(message.sound().orElse(null))
                    .setClickAction(message.category().orElse(null))
                    .build());
        }
        return android.build();
    }

    /**
     * A Live Activity push through FCM's own support: the device's FCM token addresses the message,
     * the Live Activity token goes in {@code apns.live_activity_token}, and {@code aps} holds what
     * the APNs payload holds ({@code event}, {@code timestamp}, {@code content-state}, ...; the alert
     * when the message has one).
     */
    private static ApnsConfig liveActivity(Delivery delivery, Instant now) {
        PushMessage message = delivery.message();
        Aps.Builder aps = Aps.builder();
        Json.parseObject(PushPayloads.apnsPayload(message)).get("aps").properties().forEach(field -> {
            if (!field.getKey().equals("alert")) {
                aps.putCustomData(field.getKey(), Json.plain(field.getValue()));
            }
        });
        if (message.title().isPresent() || message.body().isPresent()) {
            aps.setAlert(ApsAlert.builder().setTitle(message.title().orElse(null)).setBody(message.body().orElse(null))
                    .build());
        }
        ApnsConfig.Builder apns = ApnsConfig.builder()
                .setAps(aps.build())
                .setLiveActivityToken(delivery.pushToken())
                .putHeader("apns-push-type", "liveactivity")
                .putHeader("apns-priority", message.priority() == Priority.NORMAL ? "5" : "10");
        message.collapseKey().ifPresent(key -> apns.putHeader("apns-collapse-id", key));
        message.ttlSeconds().ifPresent(ttl -> apns.putHeader("apns-expiration",
                Long.toString(ttl == 0 ? 0 : now.getEpochSecond() + ttl)));
        return apns.build();
    }

    private static ApnsConfig apns(PushMessage message, Instant now) {
        Aps.Builder aps = Aps.builder();
        if (message.background()) {
            aps.setContentAvailable(true);
        } else {
            message.badge().ifPresent(aps::setBadge);
            message.sound().ifPresent(aps::setSound);
            aps.setMutableContent(message.imageUrl().isPresent());
        }
        message.threadId().ifPresent(aps::setThreadId);
        message.category().ifPresent(aps::setCategory);
        ApnsConfig.Builder apns = ApnsConfig.builder()
                .setAps(aps.build())
                .putHeader("apns-push-type", message.background() ? "background" : "alert")
                .putHeader("apns-priority", message.background() || message.priority() == Priority.NORMAL ? "5" : "10");
        message.collapseKey().ifPresent(key -> apns.putHeader("apns-collapse-id", key));
        message.ttlSeconds().ifPresent(ttl -> apns.putHeader("apns-expiration",
                Long.toString(ttl == 0 ? 0 : now.getEpochSecond() + ttl)));
        return apns.build();
    }
}
