package dev.pushregistry.messages;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.sending.LiveActivityPush;
import dev.pushregistry.core.sending.PushMessage;
import dev.pushregistry.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a {@link PushMessage} looks on the wire of each push service. The APNs payload is exactly what
 * the APNs sender sends; the FCM figure is the size of the parts FCM counts against its limit (the
 * notification and the data).
 */
public final class PushPayloads {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PushPayloads() {
    }

    /**
     * The APNs JSON payload: {@code aps} with the alert, badge, sound, thread, category,
     * {@code mutable-content} (for an image) and {@code content-available} (for a background push);
     * beside it the deep link, the image address and the data. A background push carries no alert,
     * sound or badge, as Apple requires.
     */
    public static String apnsPayload(PushMessage message) {
        ObjectNode payload = NODES.objectNode();
        ObjectNode aps = payload.putObject("aps");
        if (message.background()) {
            aps.put("content-available", 1);
        } else {
            ObjectNode alert = aps.putObject("alert");
            message.title().ifPresent(title -> alert.put("title", title));
            message.body().ifPresent(body -> alert.put("body", body));
            message.badge().ifPresent(badge -> aps.put("badge", badge));
            message.sound().ifPresent(sound -> aps.put("sound", sound));
            if (message.imageUrl().isPresent()) {
                aps.put("mutable-content", 1);
            }
        }
        message.threadId().ifPresent(thread -> aps.put("thread-id", thread));
        message.category().ifPresent(category -> aps.put("category", category));
        message.liveActivity().ifPresent(push -> putLiveActivity(aps, push, message));
        appData(message).forEach(payload::put);
        return Json.write(payload);
    }

    /**
     * A Live Activity push's part of {@code aps}, as Pushy's payload builder writes it: {@code timestamp}
     * and the dates in seconds, {@code event}, {@code content-state}, for a start
     * {@code attributes-type} and {@code attributes}, {@code stale-date}, {@code dismissal-date} and
     * {@code relevance-score}; the alert, with the sound in it, only when the message has a title or body.
     */
    private static void putLiveActivity(ObjectNode aps, LiveActivityPush push, PushMessage message) {
        if (message.title().isEmpty() && message.body().isEmpty()) {
            aps.remove("alert");
        } else if (aps.has("sound")) {
            // a Live Activity's alert carries its sound
            ((ObjectNode) aps.get("alert")).set("sound", aps.remove("sound"));
        }
        push.timestamp().ifPresent(at -> aps.put("timestamp", at.getEpochSecond()));
        aps.put("event", push.event().wire());
        push.contentStateJson().ifPresent(state -> aps.set("content-state", Json.parseObject(state)));
        push.activityType().ifPresent(type -> aps.put("attributes-type", type));
        push.attributesJson().ifPresent(attributes -> aps.set("attributes", Json.parseObject(attributes)));
        push.staleDate().ifPresent(date -> aps.put("stale-date", date.getEpochSecond()));
        push.dismissalDate().ifPresent(date -> aps.put("dismissal-date", date.getEpochSecond()));
        push.relevanceScore().ifPresent(score -> aps.put("relevance-score", score));
    }

    /**
     * The data an app receives with the push: the message's data plus {@code deep_link} and
     * {@code image_url} when set (FCM data values are strings; APNs gets the same keys).
     */
    public static Map<String, String> appData(PushMessage message) {
        Map<String, String> data = new LinkedHashMap<>(message.data());
        message.deepLink().ifPresent(link -> data.put("deep_link", link));
        message.imageUrl().ifPresent(image -> data.put("image_url", image));
        return data;
    }

    /** The bytes FCM counts against its 4 KB limit: notification title, body and image, and the data. */
    public static int fcmPayloadBytes(PushMessage message) {
        ObjectNode counted = NODES.objectNode();
        if (message.visible()) {
            ObjectNode notification = counted.putObject("notification");
            message.title().ifPresent(title -> notification.put("title", title));
            message.body().ifPresent(body -> notification.put("body", body));
            message.imageUrl().ifPresent(image -> notification.put("image", image));
        }
        ObjectNode data = counted.putObject("data");
        appData(message).forEach(data::put);
        return Json.write(counted).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * The message itself, once its encoding fits both push services.
     *
     * @throws RegistryException {@code payload_too_large} when the APNs payload or the part of the
     *     FCM message that FCM counts is larger than {@value PushMessage#MAX_PAYLOAD_BYTES} bytes
     *     ({@code invalid_json} on {@code live_activity} for a Live Activity push, a bad request)
     */
    public static PushMessage requireFits(PushMessage message) {
        // a Live Activity push gets its aps.timestamp at dispatch: count it before it is there
        int timestamp = message.liveActivity().filter(push -> push.timestamp().isEmpty()).isPresent()
                ? ",\"timestamp\":9999999999".length() : 0;
        int encoded = Math.max(apnsPayload(message).getBytes(StandardCharsets.UTF_8).length + timestamp,
                fcmPayloadBytes(message));
        if (encoded > PushMessage.MAX_PAYLOAD_BYTES && message.liveActivity().isPresent()) {
            // the contract makes an oversized Live Activity push a bad request like any wrong live_activity
            throw RegistryException.invalidJson("live_activity", "the Live Activity push encodes to " + encoded
                    + " bytes; APNs accepts at most " + PushMessage.MAX_PAYLOAD_BYTES);
        }
        if (encoded > PushMessage.MAX_PAYLOAD_BYTES) {
            throw new RegistryException(ErrorCode.PAYLOAD_TOO_LARGE, "the message encodes to " + encoded
                    + " bytes; push services accept at most " + PushMessage.MAX_PAYLOAD_BYTES, "message");
        }
        return message;
    }
}
