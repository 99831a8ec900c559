package dev.pushregistry.store.dynamodb;

import static dev.pushregistry.store.dynamodb.ItemAttributes.AT;
import static dev.pushregistry.store.dynamodb.ItemAttributes.CREATED_AT;
import static dev.pushregistry.store.dynamodb.ItemAttributes.ENTITY;
import static dev.pushregistry.store.dynamodb.ItemAttributes.ENTITY_HISTORY;
import static dev.pushregistry.store.dynamodb.ItemAttributes.EXPIRES_AT;
import static dev.pushregistry.store.dynamodb.ItemAttributes.FORGET_UNTIL;
import static dev.pushregistry.store.dynamodb.ItemAttributes.HISTORY_ORDER;
import static dev.pushregistry.store.dynamodb.ItemAttributes.OTHER_PERSON_ID;
import static dev.pushregistry.store.dynamodb.ItemAttributes.PERSON_ID;
import static dev.pushregistry.store.dynamodb.ItemAttributes.PREVIOUS_TOKEN;
import static dev.pushregistry.store.dynamodb.ItemAttributes.TOKEN;
import static dev.pushregistry.store.dynamodb.ItemAttributes.TYPE;
import static dev.pushregistry.store.dynamodb.ItemAttributes.UNSUBSCRIBED;
import static dev.pushregistry.store.dynamodb.ItemAttributes.UPDATED_AT;
import static dev.pushregistry.store.dynamodb.ItemAttributes.number;
import static dev.pushregistry.store.dynamodb.ItemAttributes.putApp;
import static dev.pushregistry.store.dynamodb.ItemAttributes.text;

import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.person.HistoryEventType;
import dev.pushregistry.core.person.PersonProfile;
import dev.pushregistry.core.time.Timestamps;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A person's items and back: their profile (with a forget's mark and the order of their newest
 * history entry) and their token-history entries.
 */
final class PersonItems {
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

    static HistoryEvent historyEvent(Map<String, AttributeValue> item, String defaultAppId) {
        return new HistoryEvent(
                Timestamps.parse(item.get(AT).s()),
                HistoryEventType.fromWire(item.get(TYPE).s()),
                DeviceItems.address(item, defaultAppId),
                text(item, OTHER_PERSON_ID),
                text(item, PREVIOUS_TOKEN));
    }

    private PersonItems() {
    }
}
