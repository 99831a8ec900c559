package dev.pushregistry.store.dynamodb;

import static dev.pushregistry.store.dynamodb.ItemAttributes.APNS_ENVIRONMENT;
import static dev.pushregistry.store.dynamodb.ItemAttributes.APP_ID;
import static dev.pushregistry.store.dynamodb.ItemAttributes.AT;
import static dev.pushregistry.store.dynamodb.ItemAttributes.ATTRIBUTES;
import static dev.pushregistry.store.dynamodb.ItemAttributes.CREATED_AT;
import static dev.pushregistry.store.dynamodb.ItemAttributes.ENTITY;
import static dev.pushregistry.store.dynamodb.ItemAttributes.ENTITY_DELETION;
import static dev.pushregistry.store.dynamodb.ItemAttributes.ENTITY_PERSON_DEVICE;
import static dev.pushregistry.store.dynamodb.ItemAttributes.ENTITY_TOKEN;
import static dev.pushregistry.store.dynamodb.ItemAttributes.EXPIRES_AT;
import static dev.pushregistry.store.dynamodb.ItemAttributes.LAST_REQUEST;
import static dev.pushregistry.store.dynamodb.ItemAttributes.LAST_STATUS;
import static dev.pushregistry.store.dynamodb.ItemAttributes.LAST_USED;
import static dev.pushregistry.store.dynamodb.ItemAttributes.LIVE_ACTIVITIES;
import static dev.pushregistry.store.dynamodb.ItemAttributes.LIVE_ACTIVITIES_ENDED;
import static dev.pushregistry.store.dynamodb.ItemAttributes.LIVE_ACTIVITY_START_TOKENS;
import static dev.pushregistry.store.dynamodb.ItemAttributes.LIVE_ACTIVITY_STATUS;
import static dev.pushregistry.store.dynamodb.ItemAttributes.PERSON_ID;
import static dev.pushregistry.store.dynamodb.ItemAttributes.PLATFORM;
import static dev.pushregistry.store.dynamodb.ItemAttributes.PROVIDER;
import static dev.pushregistry.store.dynamodb.ItemAttributes.PUSH_ENABLED;
import static dev.pushregistry.store.dynamodb.ItemAttributes.REASON;
import static dev.pushregistry.store.dynamodb.ItemAttributes.REG_VERSION;
import static dev.pushregistry.store.dynamodb.ItemAttributes.TOKEN;
import static dev.pushregistry.store.dynamodb.ItemAttributes.UPDATED_AT;
import static dev.pushregistry.store.dynamodb.ItemAttributes.appId;
import static dev.pushregistry.store.dynamodb.ItemAttributes.number;
import static dev.pushregistry.store.dynamodb.ItemAttributes.putApp;
import static dev.pushregistry.store.dynamodb.ItemAttributes.text;

import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.DeletionReason;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.LiveActivities;
import dev.pushregistry.core.device.LiveActivity;
import dev.pushregistry.core.device.LiveActivityEnding;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.lifecycle.RelayStore;
import dev.pushregistry.core.time.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A device's items and back: its token item (the truth, the only one holding its status), a
 * person's copy of it, and the deletion note a removal leaves for the table's stream.
 */
final class DeviceItems {
    /** On a deletion note: the token that replaced the deleted one (a refresh). */
    static final String REPLACED_BY = "replaced_by";
    /** How long a deletion note stays: long enough for the table's stream (24 hours) to carry it. */
    static final Duration DELETION_NOTE_LIFETIME = Duration.ofDays(2);

    /** The item that is the truth about {@code device}, and the only one that holds its status. */
    static Map<String, AttributeValue> tokenItem(Device device, long expiresAtEpochSecond, Keys keys) {
        Map<String, AttributeValue> item = deviceAttributes(device, expiresAtEpochSecond, keys.defaultAppId());
        item.putAll(keys.device(device.address()));
        item.put(ENTITY, AttributeValue.fromS(ENTITY_TOKEN));
        item.put(LAST_STATUS, AttributeValue.fromS(device.status().stored()));
        device.lastRequest().ifPresent(request -> item.put(LAST_REQUEST, AttributeValue.fromS(request)));
        Map<String, AttributeValue> statuses = new HashMap<>();
        device.liveActivities().activities().forEach((id, activity) -> {
            if (activity.status() != DeviceStatus.UNUSED) {
                statuses.put(id, AttributeValue.fromS(activity.status().stored()));
            }
        });
        if (!statuses.isEmpty()) {
            item.put(LIVE_ACTIVITY_STATUS, AttributeValue.fromM(statuses));
        }
        Map<String, AttributeValue> ended = new HashMap<>();
        device.liveActivities().endings().forEach((id, why) -> ended.put(id, AttributeValue.fromS(why.wire())));
        if (!ended.isEmpty()) {
            item.put(LIVE_ACTIVITIES_ENDED, AttributeValue.fromM(ended));
        }
        return item;
    }

    /**
     * The owner's copy of {@code device}: everything the registry writes, but not the status (and the
     * request that last changed it), which a sender changes on the token item alone (one write
     * instead of a transaction of two).
     */
    static Map<String, AttributeValue> personDeviceItem(Device device, long expiresAtEpochSecond, Keys keys) {
        Map<String, AttributeValue> item = deviceAttributes(device, expiresAtEpochSecond, keys.defaultAppId());
        item.putAll(keys.personDevice(device.personId().orElseThrow(), device.address()));
        item.put(ENTITY, AttributeValue.fromS(ENTITY_PERSON_DEVICE));
        return item;
    }

    private static Map<String, AttributeValue> deviceAttributes(Device device, long expiresAtEpochSecond,
                                                                String defaultAppId) {
        Map<String, AttributeValue> item = new HashMap<>();
        putApp(item, device.appId(), defaultAppId);
        item.put(TOKEN, AttributeValue.fromS(device.token()));
        if (device.apnsEnvironment() != ApnsEnvironment.PRODUCTION) {
            item.put(APNS_ENVIRONMENT, AttributeValue.fromS(device.apnsEnvironment().wire()));
        }
        item.put(PLATFORM, AttributeValue.fromS(device.platform().wire()));
        item.put(PROVIDER, AttributeValue.fromS(device.provider().wire()));
        device.personId().ifPresent(person -> item.put(PERSON_ID, AttributeValue.fromS(person)));
        item.put(PUSH_ENABLED, AttributeValue.fromBool(device.pushEnabled()));
        item.put(LAST_USED, AttributeValue.fromS(Timestamps.format(device.lastUsed())));
        item.put(CREATED_AT, AttributeValue.fromS(Timestamps.format(device.createdAt())));
        Map<String, AttributeValue> attributes = new HashMap<>();
        device.attributes().forEach((name, value) -> attributes.put(name, AttributeValue.fromS(value)));
        item.put(ATTRIBUTES, AttributeValue.fromM(attributes));
        item.put(REG_VERSION, number(device.registrationVersion()));
        item.put(EXPIRES_AT, number(expiresAtEpochSecond));
        putLiveActivities(item, device.liveActivities());
        return item;
    }

    /** A device's Live Activity tokens, on its token item and its copy alike (the statuses aside). */
    private static void putLiveActivities(Map<String, AttributeValue> item, LiveActivities liveActivities) {
        if (!liveActivities.startTokens().isEmpty()) {
            Map<String, AttributeValue> startTokens = new HashMap<>();
            liveActivities.startTokens().forEach((type, token) -> startTokens.put(type, AttributeValue.fromS(token)));
            item.put(LIVE_ACTIVITY_START_TOKENS, AttributeValue.fromM(startTokens));
        }
        if (!liveActivities.activities().isEmpty()) {
            Map<String, AttributeValue> activities = new HashMap<>();
            liveActivities.activities().forEach((id, activity) -> activities.put(id, AttributeValue.fromM(Map.of(
                    "type", AttributeValue.fromS(activity.activityType()),
                    TOKEN, AttributeValue.fromS(activity.token()),
                    CREATED_AT, AttributeValue.fromS(Timestamps.format(activity.createdAt())),
                    UPDATED_AT, AttributeValue.fromS(Timestamps.format(activity.updatedAt()))))));
            item.put(LIVE_ACTIVITIES, AttributeValue.fromM(activities));
        }
    }

    /** The Live Activity tokens a token item holds, with their statuses. */
    private static LiveActivities liveActivities(Map<String, AttributeValue> item) {
        AttributeValue startTokens = item.get(LIVE_ACTIVITY_START_TOKENS);
        AttributeValue activities = item.get(LIVE_ACTIVITIES);
        AttributeValue ended = item.get(LIVE_ACTIVITIES_ENDED);
        if (startTokens == null && activities == null && ended == null) {
            return LiveActivities.NONE;
        }
        Map<String, LiveActivityEnding> endings = new HashMap<>();
        if (ended != null) {
            ended.m().forEach((id, why) -> endings.put(id, LiveActivityEnding.fromWire(why.s())));
        }
        Map<String, String> starts = new HashMap<>();
        if (startTokens != null) {
            startTokens.m().forEach((type, token) -> starts.put(type, token.s()));
        }
        Map<String, AttributeValue> statuses = item.containsKey(LIVE_ACTIVITY_STATUS)
                ? item.get(LIVE_ACTIVITY_STATUS).m() : Map.of();
        Map<String, LiveActivity> running = new HashMap<>();
        if (activities != null) {
            activities.m().forEach((id, stored) -> {
                Map<String, AttributeValue> activity = stored.m();
                AttributeValue status = statuses.get(id);
                running.put(id, new LiveActivity(id, activity.get("type").s(), activity.get(TOKEN).s(),
                        status == null ? DeviceStatus.UNUSED : DeviceStatus.fromStored(status.s()),
                        Timestamps.parse(activity.get(CREATED_AT).s()), Timestamps.parse(activity.get(UPDATED_AT).s())));
            });
        }
        return LiveActivities.of(starts, running, endings);
    }

    /** The device a token item holds. */
    static Device device(Map<String, AttributeValue> item, String defaultAppId) {
        Map<String, String> attributes = new LinkedHashMap<>();
        item.get(ATTRIBUTES).m().forEach((name, value) -> attributes.put(name, value.s()));
        AttributeValue person = item.get(PERSON_ID);
        String environment = text(item, APNS_ENVIRONMENT);
        return Device.builder()
                .appId(appId(item, defaultAppId))
                .token(item.get(TOKEN).s())
                .apnsEnvironment(environment == null ? ApnsEnvironment.PRODUCTION
                        : ApnsEnvironment.fromWire(environment, APNS_ENVIRONMENT))
                .platform(Platform.fromWire(item.get(PLATFORM).s()))
                .provider(Provider.fromWire(item.get(PROVIDER).s()))
                .personId(person == null ? null : person.s())
                .pushEnabled(item.get(PUSH_ENABLED).bool())
                .status(DeviceStatus.fromStored(item.get(LAST_STATUS).s()))
                .lastUsed(Timestamps.parse(item.get(LAST_USED).s()))
                .createdAt(Timestamps.parse(item.get(CREATED_AT).s()))
                .attributes(attributes)
                .registrationVersion(Long.parseLong(item.get(REG_VERSION).n()))
                .lastRequest(text(item, LAST_REQUEST))
                .liveActivities(liveActivities(item))
                .build();
    }

    /** The device a person's copy (or a token item) stands for. */
    static DeviceAddress address(Map<String, AttributeValue> item, String defaultAppId) {
        return new DeviceAddress(appId(item, defaultAppId), item.get(TOKEN).s());
    }

    /**
     * The note a device's delete writes in the same transaction, so that the table's stream can say
     * why the device went: its app (always named, unlike a device's), token, reason and time, keyed
     * by the deleted registration's version. Never its owner: a forget leaves no trace of the person.
     */
    static Map<String, AttributeValue> deletionNote(DeviceAddress device, long deletedVersion, DeletionReason reason,
                                                   Instant at, Optional<String> replacedBy) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.deletionNote(device, deletedVersion));
        item.put(ENTITY, AttributeValue.fromS(ENTITY_DELETION));
        item.put(APP_ID, AttributeValue.fromS(device.appId()));
        item.put(TOKEN, AttributeValue.fromS(device.token()));
        item.put(REASON, AttributeValue.fromS(reason.wire()));
        item.put(AT, AttributeValue.fromS(Timestamps.format(at)));
        replacedBy.ifPresent(token -> item.put(REPLACED_BY, AttributeValue.fromS(token)));
        item.put(EXPIRES_AT, number(at.plus(DELETION_NOTE_LIFETIME).getEpochSecond()));
        return item;
    }

    /** What a deletion note says. */
    static RelayStore.DeletionNote deletionNote(Map<String, AttributeValue> note) {
        return new RelayStore.DeletionNote(DeletionReason.fromWire(note.get(REASON).s()),
                Timestamps.parse(note.get(AT).s()), Optional.ofNullable(text(note, REPLACED_BY)));
    }

    /** The registration version of a device or a person's copy of it. */
    static long registrationVersion(Map<String, AttributeValue> item) {
        return Long.parseLong(item.get(REG_VERSION).n());
    }

    private DeviceItems() {
    }
}
