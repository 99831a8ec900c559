package dev.pushregistry.store.dynamodb;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The attribute and entity names of the table's items, and what every kind of item shares: the only
 * place that names an attribute. Each aggregate's items are mapped by its own class ({@link DeviceItems},
 * {@link PersonItems}, {@link SendItems}).
 */
final class ItemAttributes {
    static final String ENTITY = "entity";
    /**
     * On devices, copies, history entries and delivery groups of an app other than the default: the
     * app. The default app's items name none: an item that names no app is the default app's, so a
     * deployment with one app writes the same items whether or not it serves others later.
     */
    static final String APP_ID = "app_id";
    static final String TOKEN = "token";
    /** On an APNs DeviceItems.device of a development build: {@code development} (absent: production). */
    static final String APNS_ENVIRONMENT = "apns_environment";
    static final String PLATFORM = "platform";
    static final String PROVIDER = "provider";
    static final String PERSON_ID = "person_id";
    static final String PUSH_ENABLED = "push_enabled";
    static final String LAST_STATUS = "last_status";
    /** On a token item: the send request whose push last changed the status. */
    static final String LAST_REQUEST = "last_request";
    static final String LAST_USED = "last_used";
    static final String CREATED_AT = "created_at";
    static final String UPDATED_AT = "updated_at";
    static final String ATTRIBUTES = "attributes";
    static final String REG_VERSION = "reg_version";
    /** On an iOS device: its Live Activity push-to-start tokens by activity type (absent: none). */
    static final String LIVE_ACTIVITY_START_TOKENS = "live_activity_start_tokens";
    /** On an iOS device: its running Live Activities by id, each its type, token and times (absent: none). */
    static final String LIVE_ACTIVITIES = "live_activities";
    /** On a token item only, like {@code last_status}: each Live Activity's status that is not unused, by id. */
    static final String LIVE_ACTIVITY_STATUS = "live_activity_status";
    /** On a token item only: why the write ended the Live Activities it ended, by id (for the table's stream). */
    static final String LIVE_ACTIVITIES_ENDED = "live_activities_ended";
    static final String EXPIRES_AT = "expires_at";
    static final String UNSUBSCRIBED = "unsubscribed";
    static final String AT = "at";
    static final String TYPE = "type";
    static final String OTHER_PERSON_ID = "other_person_id";
    static final String PREVIOUS_TOKEN = "previous_token";
    /** On a PersonItems.profile: the order of the person's newest history entry. */
    static final String HISTORY_ORDER = "history_order";
    /** On a PersonItems.profile: the forget under way, and until when (epoch seconds) its mark holds. */
    static final String FORGET_ID = "forget_id";
    static final String FORGET_UNTIL = "forget_until";

    static final String REQUEST_ID = "request_id";
    static final String DISPATCHED = "dispatched";
    static final String SKIPPED = "skipped";
    static final String REASON = "reason";
    static final String CLAIM_ID = "claim_id";
    /** On a send request: the stream record that announces its completion ({@code send.completed}). */
    static final String COMPLETED_BY = "completed_by";
    static final String DECIDED_AT = "decided_at";
    /** On a delivery SendItems.group: its slots' token fingerprints and SendItems.outcomes. */
    static final String FINGERPRINTS = "fingerprints";
    /** On a delivery SendItems.group: the fingerprint of the message it pushes. */
    static final String MESSAGE_FINGERPRINT = "message_fingerprint";
    static final String OUTCOMES = "outcomes";

    static final String ENTITY_TOKEN = "token";
    static final String ENTITY_SEND = "send";
    static final String ENTITY_GROUP = "delivery_group";
    static final String ENTITY_PERSON_DEVICE = "person_device";
    static final String ENTITY_PROFILE = "profile";
    static final String ENTITY_HISTORY = "history";
    static final String ENTITY_DELETION = "deletion";

    /** Names the app on an item, unless it is the default app. */
    static void putApp(Map<String, AttributeValue> item, String appId, String defaultAppId) {
        if (!appId.equals(defaultAppId)) {
            item.put(APP_ID, AttributeValue.fromS(appId));
        }
    }

    /** The app an item belongs to: the one it names, or the default app. */
    static String appId(Map<String, AttributeValue> item, String defaultAppId) {
        String appId = text(item, APP_ID);
        return appId == null ? defaultAppId : appId;
    }

    /** Whether an item's lifetime ran out by {@code now} (the TTL sweep may not have removed it yet). */
    static boolean expired(Map<String, AttributeValue> item, Instant now) {
        AttributeValue expiresAt = item.get(EXPIRES_AT);
        return expiresAt != null && Long.parseLong(expiresAt.n()) <= now.getEpochSecond();
    }

    static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private ItemAttributes() {
    }
}
