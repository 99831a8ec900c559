package dev.pushregistry.store.dynamodb;

import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.DeletionReason;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.lifecycle.RelayStore;
import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.person.HistoryEventType;
import dev.pushregistry.core.person.PersonProfile;
import dev.pushregistry.core.sending.DeliveryGroup;
import dev.pushregistry.core.sending.DeliveryOutcome;
import dev.pushregistry.core.sending.DispatchSkip;
import dev.pushregistry.core.sending.GroupRecord;
import dev.pushregistry.core.time.Timestamps;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Turns registry values into table items and back: the only place that knows attribute names. */
final class ItemMapper {
    static final String ENTITY = "entity";
    /**
     * On devices, copies, history entries and delivery groups of an app other than the default: the
     * app. The default app's items name none: an item that names no app is the default app's, so a
     * deployment with one app writes the same items whether or not it serves others later.
     */
    static final String APP_ID = "app_id";
    static final String TOKEN = "token";
    /** On an APNs device of a development build: {@code development} (absent: production). */
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
    static final String EXPIRES_AT = "expires_at";
    static final String UNSUBSCRIBED = "unsubscribed";
    static final String AT = "at";
    static final String TYPE = "type";
    static final String OTHER_PERSON_ID = "other_person_id";
    static final String PREVIOUS_TOKEN = "previous_token";
    /** On a profile: the order of the person's newest history entry. */
    static final String HISTORY_ORDER = "history_order";
    /** On a profile: the forget under way, and until when (epoch seconds) its mark holds. */
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
    /** On a delivery group: its slots' token fingerprints and outcomes. */
    static final String FINGERPRINTS = "fingerprints";
    /** On a delivery group: the fingerprint of the message it pushes. */
    static final String MESSAGE_FINGERPRINT = "message_fingerprint";
    static final String OUTCOMES = "outcomes";
    /** In a group's outcomes: a slot without an outcome yet. */
    static final char PENDING = '.';

    static final String ENTITY_TOKEN = "token";
    static final String ENTITY_SEND = "send";
    static final String ENTITY_GROUP = "delivery_group";
    static final String ENTITY_PERSON_DEVICE = "person_device";
    static final String ENTITY_PROFILE = "profile";
    static final String ENTITY_HISTORY = "history";
    static final String ENTITY_DELETION = "deletion";
    /** On a deletion note: the token that replaced the deleted one (a refresh). */
    static final String REPLACED_BY = "replaced_by";
    /** How long a deletion note stays: long enough for the table's stream (24 hours) to carry it. */
    static final Duration DELETION_NOTE_LIFETIME = Duration.ofDays(2);

    /** Each outcome by the character that stands for it in a group item ({@link #code}). */
    private static final Map<Character, DeliveryOutcome> BY_CODE = new HashMap<>();

    static {
        for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
            BY_CODE.put(code(outcome), outcome);
        }
    }

    private ItemMapper() {
    }

    /** The item that is the truth about {@code device}, and the only one that holds its status. */
    static Map<String, AttributeValue> tokenItem(Device device, long expiresAtEpochSecond, Keys keys) {
        Map<String, AttributeValue> item = deviceAttributes(device, expiresAtEpochSecond, keys.defaultAppId());
        item.putAll(keys.device(device.address()));
        item.put(ENTITY, AttributeValue.fromS(ENTITY_TOKEN));
        item.put(LAST_STATUS, AttributeValue.fromS(device.status().stored()));
        device.lastRequest().ifPresent(request -> item.put(LAST_REQUEST, AttributeValue.fromS(request)));
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
        return item;
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
                .build();
    }

    /** The device a person's copy (or a token item) stands for. */
    static DeviceAddress address(Map<String, AttributeValue> item, String defaultAppId) {
        return new DeviceAddress(appId(item, defaultAppId), item.get(TOKEN).s());
    }

    /** Names the app on an item, unless it is the default app. */
    private static void putApp(Map<String, AttributeValue> item, String appId, String defaultAppId) {
        if (!appId.equals(defaultAppId)) {
            item.put(APP_ID, AttributeValue.fromS(appId));
        }
    }

    /** The app an item belongs to: the one it names, or the default app. */
    private static String appId(Map<String, AttributeValue> item, String defaultAppId) {
        String appId = text(item, APP_ID);
        return appId == null ? defaultAppId : appId;
    }

    /**
     * The profile an item holds; empty for the bare mark a forget leaves on a person who had no
     * profile.
     */
    static Optional<PersonProfile> profileIfComplete(Map<String, AttributeValue> item) {
        return item.containsKey(CREATED_AT) ? Optional.of(profile(item)) : Optional.empty();
    }

    /** Whether a profile item carries the mark of a forget whose lease still holds at {@code now}. */
    static boolean beingForgotten(Map<String, AttributeValue> profileItem, Instant now) {
        AttributeValue until = profileItem.get(FORGET_UNTIL);
        return until != null && Long.parseLong(until.n()) >= now.getEpochSecond();
    }

    /** The order of the person's newest history entry, from their profile item (0 when it has none). */
    static long historyOrder(Map<String, AttributeValue> profileItem) {
        AttributeValue order = profileItem.get(HISTORY_ORDER);
        return order == null ? 0 : Long.parseLong(order.n());
    }

    static PersonProfile profile(Map<String, AttributeValue> item) {
        return new PersonProfile(
                item.get(PERSON_ID).s(),
                item.get(UNSUBSCRIBED).bool(),
                Timestamps.parse(item.get(CREATED_AT).s()),
                Timestamps.parse(item.get(UPDATED_AT).s()));
    }

    static Map<String, AttributeValue> historyItem(String personId, HistoryEvent event, long order, int sequence,
                                                   String defaultAppId,
                                                   long expiresAtEpochSecond) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.history(personId, order, sequence));
        item.put(ENTITY, AttributeValue.fromS(ENTITY_HISTORY));
        item.put(PERSON_ID, AttributeValue.fromS(personId));
        item.put(AT, AttributeValue.fromS(Timestamps.format(event.at())));
        item.put(TYPE, AttributeValue.fromS(event.type().wire()));
        putApp(item, event.appId(), defaultAppId);
        item.put(TOKEN, AttributeValue.fromS(event.token()));
        event.otherPerson().ifPresent(other -> item.put(OTHER_PERSON_ID, AttributeValue.fromS(other)));
        event.replacedToken().ifPresent(previous -> item.put(PREVIOUS_TOKEN, AttributeValue.fromS(previous)));
        item.put(EXPIRES_AT, number(expiresAtEpochSecond));
        return item;
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

    static HistoryEvent historyEvent(Map<String, AttributeValue> item, String defaultAppId) {
        return new HistoryEvent(
                Timestamps.parse(item.get(AT).s()),
                HistoryEventType.fromWire(item.get(TYPE).s()),
                address(item, defaultAppId),
                text(item, OTHER_PERSON_ID),
                text(item, PREVIOUS_TOKEN));
    }

    /**
     * A planned delivery group: its slots' token fingerprints (8 bytes each, in one binary value) and
     * one outcome character per slot ({@link #PENDING} while it has none), so that a group of
     * {@link DeliveryGroup#MAX_SIZE} stays under 1 KB.
     */
    static Map<String, AttributeValue> groupItem(GroupRecord group, long expiresAtEpochSecond, String defaultAppId) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.group(group.requestId(), group.number()));
        item.put(ENTITY, AttributeValue.fromS(ENTITY_GROUP));
        item.put(REQUEST_ID, AttributeValue.fromS(group.requestId()));
        item.put(PROVIDER, AttributeValue.fromS(group.provider().wire()));
        putApp(item, group.appId(), defaultAppId);
        ByteBuffer fingerprints = ByteBuffer.allocate(group.size() * Long.BYTES);
        group.fingerprints().forEach(fingerprints::putLong);
        item.put(FINGERPRINTS, AttributeValue.fromB(SdkBytes.fromByteArray(fingerprints.array())));
        group.messageFingerprint().ifPresent(fingerprint -> item.put(MESSAGE_FINGERPRINT, number(fingerprint)));
        item.put(OUTCOMES, outcomesValue(group.outcomes()));
        item.put(EXPIRES_AT, number(expiresAtEpochSecond));
        return item;
    }

    /** A group item as a record. */
    static GroupRecord group(Map<String, AttributeValue> item, String defaultAppId) {
        ByteBuffer stored = item.get(FINGERPRINTS).b().asByteBuffer();
        List<Long> fingerprints = new ArrayList<>();
        while (stored.remaining() >= Long.BYTES) {
            fingerprints.add(stored.getLong());
        }
        String sortKey = item.get(Keys.SK).s();
        return new GroupRecord(item.get(REQUEST_ID).s(), Integer.parseInt(sortKey.substring(Keys.GROUP_PREFIX.length())),
                Provider.fromWire(item.get(PROVIDER).s()), appId(item, defaultAppId),
                Optional.ofNullable(item.get(MESSAGE_FINGERPRINT)).map(fingerprint -> Long.parseLong(fingerprint.n())), fingerprints,
                Optional.ofNullable(text(item, CLAIM_ID)),
                outcomes(item), Optional.ofNullable(text(item, REASON)));
    }

    /** A group item's outcomes, one per slot, empty while a slot has none. */
    static List<Optional<DeliveryOutcome>> outcomes(Map<String, AttributeValue> item) {
        String stored = item.get(OUTCOMES).s();
        List<Optional<DeliveryOutcome>> outcomes = new ArrayList<>(stored.length());
        for (int index = 0; index < stored.length(); index++) {
            outcomes.add(outcome(stored.charAt(index)));
        }
        return outcomes;
    }

    static AttributeValue outcomesValue(List<Optional<DeliveryOutcome>> outcomes) {
        StringBuilder stored = new StringBuilder(outcomes.size());
        outcomes.forEach(outcome -> stored.append(outcome.map(ItemMapper::code).orElse(PENDING)));
        return AttributeValue.fromS(stored.toString());
    }

    /** The character that stands for an outcome in a group item. */
    private static char code(DeliveryOutcome outcome) {
        return switch (outcome) {
            case SENT -> 's';
            case BOUNCED -> 'b';
            case SUPPRESSED -> 'x';
            case DELETED -> 'd';
            case SKIPPED_STALE -> 't';
            case SKIPPED_SUPPRESSED -> 'u';
            case SKIPPED_PUSH_DISABLED -> 'p';
            case FAILED -> 'f';
        };
    }

    private static Optional<DeliveryOutcome> outcome(char code) {
        if (code == PENDING) {
            return Optional.empty();
        }
        DeliveryOutcome outcome = BY_CODE.get(code);
        if (outcome == null) {
            throw new IllegalStateException("no outcome is stored as '" + code + "'");
        }
        return Optional.of(outcome);
    }

    /** Whether a send request item says the request was dispatched. */
    static boolean dispatched(Map<String, AttributeValue> requestItem) {
        AttributeValue dispatched = requestItem.get(DISPATCHED);
        return dispatched != null && dispatched.bool();
    }

    /** The devices a send request left out, by reason, from its request item. */
    static Map<DispatchSkip, Integer> skips(Map<String, AttributeValue> requestItem) {
        Map<DispatchSkip, Integer> skips = new EnumMap<>(DispatchSkip.class);
        AttributeValue stored = requestItem.get(SKIPPED);
        if (stored != null) {
            stored.m().forEach((name, count) -> skips.put(DispatchSkip.valueOf(name), Integer.parseInt(count.n())));
        }
        return skips;
    }

    static AttributeValue skipsValue(Map<DispatchSkip, Integer> skips) {
        Map<String, AttributeValue> stored = new HashMap<>();
        skips.forEach((reason, count) -> stored.put(reason.name(), number(count)));
        return AttributeValue.fromM(stored);
    }

    /** Whether an item's lifetime ran out by {@code now} (the TTL sweep may not have removed it yet). */
    static boolean expired(Map<String, AttributeValue> item, Instant now) {
        AttributeValue expiresAt = item.get(EXPIRES_AT);
        return expiresAt != null && Long.parseLong(expiresAt.n()) <= now.getEpochSecond();
    }

    static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
