package dev.pushregistry.store.dynamodb;

import static dev.pushregistry.store.dynamodb.ItemAttributes.CLAIM_ID;
import static dev.pushregistry.store.dynamodb.ItemAttributes.DISPATCHED;
import static dev.pushregistry.store.dynamodb.ItemAttributes.ENTITY;
import static dev.pushregistry.store.dynamodb.ItemAttributes.ENTITY_GROUP;
import static dev.pushregistry.store.dynamodb.ItemAttributes.EXPIRES_AT;
import static dev.pushregistry.store.dynamodb.ItemAttributes.FINGERPRINTS;
import static dev.pushregistry.store.dynamodb.ItemAttributes.MESSAGE_FINGERPRINT;
import static dev.pushregistry.store.dynamodb.ItemAttributes.OUTCOMES;
import static dev.pushregistry.store.dynamodb.ItemAttributes.PROVIDER;
import static dev.pushregistry.store.dynamodb.ItemAttributes.REASON;
import static dev.pushregistry.store.dynamodb.ItemAttributes.REQUEST_ID;
import static dev.pushregistry.store.dynamodb.ItemAttributes.SKIPPED;
import static dev.pushregistry.store.dynamodb.ItemAttributes.appId;
import static dev.pushregistry.store.dynamodb.ItemAttributes.number;
import static dev.pushregistry.store.dynamodb.ItemAttributes.putApp;
import static dev.pushregistry.store.dynamodb.ItemAttributes.text;

import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.sending.DeliveryGroup;
import dev.pushregistry.core.sending.DeliveryOutcome;
import dev.pushregistry.core.sending.DispatchSkip;
import dev.pushregistry.core.sending.GroupRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A send's items and back: the send request (dispatched, what it left out) and its delivery
 * groups, each slot's outcome one character of the group item.
 */
final class SendItems {
    /** In a group's outcomes: a slot without an outcome yet. */
    static final char PENDING = '.';

    /** Each outcome by the character that stands for it in a group item ({@link #code}). */
    private static final Map<Character, DeliveryOutcome> BY_CODE = new HashMap<>();

    static {
        for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
            BY_CODE.put(code(outcome), outcome);
        }
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
        outcomes.forEach(outcome -> stored.append(outcome.map(SendItems::code).orElse(PENDING)));
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

    private SendItems() {
    }
}
