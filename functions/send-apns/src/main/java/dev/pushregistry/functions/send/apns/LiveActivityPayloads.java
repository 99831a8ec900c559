package dev.pushregistry.functions.send.apns;

import com.eatthepath.pushy.apns.util.ApnsPayloadBuilder;
import com.eatthepath.pushy.apns.util.LiveActivityEvent;
import com.eatthepath.pushy.apns.util.SimpleApnsPayloadBuilder;
import dev.pushregistry.core.sending.LiveActivityPush;
import dev.pushregistry.core.sending.PushMessage;
import dev.pushregistry.json.Json;
import dev.pushregistry.messages.PushPayloads;
import java.util.Map;

/**
 * The APNs payload of a Live Activity push, built with Pushy's payload builder: {@code event},
 * {@code timestamp}, {@code content-state}, for a start {@code attributes-type} and
 * {@code attributes}, {@code stale-date}, {@code dismissal-date}, {@code relevance-score}, and the
 * alert, sound and data of its message when it has them.
 */
final class LiveActivityPayloads {
    private LiveActivityPayloads() {
    }

    static String payload(PushMessage message) {
        LiveActivityPush push = message.liveActivity().orElseThrow();
        ApnsPayloadBuilder builder = new SimpleApnsPayloadBuilder();
        builder.setEvent(switch (push.event()) {
            case START -> LiveActivityEvent.START;
            case UPDATE -> LiveActivityEvent.UPDATE;
            case END -> LiveActivityEvent.END;
        });
        push.timestamp().ifPresent(builder::setTimestamp);
        push.contentStateJson().map(LiveActivityPayloads::map).ifPresent(builder::setContentState);
        push.activityType().ifPresent(builder::setAttributesType);
        push.attributesJson().map(LiveActivityPayloads::map).ifPresent(builder::setAttributes);
        push.staleDate().ifPresent(builder::setStaleDate);
        push.dismissalDate().ifPresent(builder::setDismissalDate);
        push.relevanceScore().ifPresent(builder::setRelevanceScore);
        message.title().ifPresent(builder::setAlertTitle);
        message.body().ifPresent(builder::setAlertBody);
        message.badge().ifPresent(builder::setBadgeNumber);
        message.sound().ifPresent(builder::setSound);
        message.threadId().ifPresent(builder::setThreadId);
        message.category().ifPresent(builder::setCategoryName);
        PushPayloads.appData(message).forEach(builder::addCustomProperty);
        return builder.build();
    }

    /** A JSON object's text as the map Pushy's builder writes back as the same JSON. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String json) {
        return (Map<String, Object>) Json.plain(Json.parseObject(json));
    }
}
