package dev.pushregistry.queue.sqs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.LiveActivity;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.sending.Delivery;
import dev.pushregistry.core.sending.DeliveryGroup;
import dev.pushregistry.core.sending.MessageOutcome;
import dev.pushregistry.core.sending.PushMessage;
import dev.pushregistry.core.sending.QueuedGroup;
import dev.pushregistry.core.validation.PersonIds;
import dev.pushregistry.core.validation.TokenFormat;
import dev.pushregistry.json.Json;
import dev.pushregistry.json.JsonFields;
import dev.pushregistry.messages.SendRequestFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The body of a message on a provider's delivery queue: one delivery group (the request, the push
 * message once, and one entry per device with its place in the group), and, for a message that takes
 * over from an earlier one ({@code prior}), the claim it works under and the answers and outcomes it
 * must record without pushing again.
 */
public final class DeliveryMessages {
    private DeliveryMessages() {
    }

    /** The message that carries a group no message has worked on yet. */
    public static String write(DeliveryGroup group) {
        return Json.write(json(group));
    }

    private static ObjectNode json(DeliveryGroup group) {
        ObjectNode json = Json.object();
        json.put("request_id", group.requestId());
        json.put("provider", group.provider().wire());
        json.put("app_id", group.appId());
        json.put("group", group.number());
        json.set("message", SendRequestFormat.messageJson(group.message()));
        ArrayNode deliveries = json.putArray("deliveries");
        for (DeliveryGroup.Slot slot : group.slots()) {
            Delivery delivery = slot.delivery();
            ObjectNode entry = deliveries.addObject();
            entry.put("slot", slot.index());
            entry.put("token", delivery.token());
            if (delivery.apnsEnvironment() != ApnsEnvironment.PRODUCTION) {
                entry.put("apns_environment", delivery.apnsEnvironment().wire());
            }
            entry.put("person_id", delivery.personId());
            entry.put("platform", delivery.platform().wire());
            entry.put("reg_version", delivery.registrationVersion());
            if (delivery.liveActivityToken() != null) {
                entry.put("live_activity_token", delivery.liveActivityToken());
            }
        }
        return json;
    }

    /**
     * The message that takes over from one that pushed but could not write everything: the group's
     * places still to finish, the claim, and what the earlier message already learned.
     */
    public static String writeFollowUp(MessageOutcome.FollowUp followUp) {
        ObjectNode json = json(followUp.group());
        json.set("prior", PriorWorkJson.write(followUp.prior()));
        return Json.write(json);
    }

    /**
     * A message as a sender takes it.
     *
     * @throws RegistryException when the body is not a delivery group, or {@code prior} is malformed
     */
    public static QueuedGroup read(String messageId, String body, boolean finalAttempt, String defaultAppId) {
        return new Reader(defaultAppId).read(messageId, body, finalAttempt);
    }

    /**
     * Reads the messages of one batch. The groups of one send carry the same push message, so each
     * distinct push message is read and checked once, and its groups share it (which also lets a
     * sender build its payload once).
     */
    public static final class Reader {
        private final Map<JsonNode, PushMessage> messages = new HashMap<>();
        private final String defaultAppId;

        /** @param defaultAppId the app of a group whose message names none */
        public Reader(String defaultAppId) {
            this.defaultAppId = Objects.requireNonNull(defaultAppId, "defaultAppId");
        }

        /**
         * A message as a sender takes it.
         *
         * @throws RegistryException when the body is not a delivery group, or {@code prior} is malformed
         */
        public QueuedGroup read(String messageId, String body, boolean finalAttempt) {
            return Json.readObject(body, parser -> {
                // the deliveries are read field by field straight from the text; the rest, small, as trees
                ObjectNode json = Json.object();
                Object number = null;
                boolean numbered = false;
                List<Entry> entries = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    boolean twice = switch (field) {
                        case "group" -> {
                            boolean seen = numbered;
                            numbered = true;
                            number = scalar(parser);
                            yield seen;
                        }
                        case "deliveries" -> {
                            boolean seen = entries != null;
                            entries = entries(parser);
                            yield seen;
                        }
                        default -> json.replace(field, Json.tree(parser)) != null;
                    };
                    if (twice) {
                        throw Json.duplicateField(parser, field);
                    }
                }
                return new QueuedGroup(messageId, group(json, number, entries, message(json), defaultAppId),
                        finalAttempt, PriorWorkJson.read(json));
            });
        }

        private PushMessage message(ObjectNode json) {
            ObjectNode message = JsonFields.optionalObject(json, "message", "message");
            if (message == null) {
                throw RegistryException.missingField("message");
            }
            PushMessage known = messages.get(message);
            if (known == null) {
                known = SendRequestFormat.message(message);
                messages.put(message, known);
            }
            return known;
        }
    }

    /**
     * One delivery's fields as its message holds them (each a {@link #scalar}, by its place in
     * {@link Entry#FIELDS}), checked once the group's provider is known, whatever the order of the
     * message's fields.
     */
    private static final class Entry {
        /** The fields of a delivery, in the order of {@link #values}. */
        static final List<String> FIELDS =
                List.of("token", "apns_environment", "person_id", "platform", "reg_version", "slot", "live_activity_token");
        static final int TOKEN = 0;
        static final int APNS_ENVIRONMENT = 1;
        static final int PERSON_ID = 2;
        static final int PLATFORM = 3;
        static final int VERSION = 4;
        static final int SLOT = 5;
        static final int LIVE_ACTIVITY_TOKEN = 6;

        private final Object[] values = new Object[FIELDS.size()];
        /** The fields read so far, a bit each by place. */
        private int seen;
        /** The names of fields it has that a delivery does not, if any: kept only to refuse one given twice. */
        private Set<String> unknown;

        /**
         * Reads the field the parser is on (its value next).
         *
         * @return whether the entry had the field already
         */
        boolean read(String field, JsonParser parser) throws IOException {
            int place = FIELDS.indexOf(field);
            if (place < 0) {
                parser.skipChildren();
                if (unknown == null) {
                    unknown = new HashSet<>();
                }
                return !unknown.add(field);
            }
            values[place] = scalar(parser);
            boolean twice = (seen & 1 << place) != 0;
            seen |= 1 << place;
            return twice;
        }

        Object value(int place) {
            return values[place];
        }
    }

    /** An entry's value that is neither a string nor a whole number. */
    private static final Object NEITHER = new Object();

    private static List<Entry> entries(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw notAGroupOfDeliveries();
        }
        List<Entry> entries = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            int position = entries.size();
            if (position == DeliveryGroup.MAX_SIZE) {
                throw notAGroupOfDeliveries();
            }
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw RegistryException.invalidJson(path(position, null), path(position, null) + " must be an object");
            }
            Entry entry = new Entry();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (entry.read(field, parser)) {
                    throw Json.duplicateField(parser, field);
                }
            }
            entries.add(entry);
        }
        return entries;
    }

    /**
     * The value at the parser: a string, a whole number ({@code Long}), {@code null} when null, or
     * {@link #NEITHER} for any other value.
     */
    private static Object scalar(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? NEITHER : (Object) parser.getLongValue();
            default -> {
                parser.skipChildren();
                yield NEITHER;
            }
        };
    }

    private static RegistryException notAGroupOfDeliveries() {
        return RegistryException.invalidJson("deliveries",
                "deliveries must be an array of 1 to " + DeliveryGroup.MAX_SIZE + " deliveries");
    }

    private static DeliveryGroup group(ObjectNode json, Object groupNumber, List<Entry> entries, PushMessage message,
                                       String defaultAppId) {
        String requestId = JsonFields.requiredString(json, "request_id");
        Provider provider = Provider.fromWire(JsonFields.requiredString(json, "provider"));
        String appId = JsonFields.optionalString(json, "app_id");
        if (appId == null) {
            appId = defaultAppId;
        } else if (!Apps.isAppId(appId)) {
            throw new RegistryException(ErrorCode.INVALID_APP, "app_id must be an app id", "app_id");
        }
        long number = wholeNumber(groupNumber, () -> "group");
        if (number < 0 || number > Integer.MAX_VALUE) {
            throw RegistryException.invalidJson("group", "group must be a group number");
        }
        if (entries == null || entries.isEmpty()) {
            throw notAGroupOfDeliveries();
        }
        List<DeliveryGroup.Slot> slots = new ArrayList<>(entries.size());
        boolean[] taken = new boolean[DeliveryGroup.MAX_SIZE];
        for (int position = 0; position < entries.size(); position++) {
            Entry entry = entries.get(position);
            String token = text(entry.value(Entry.TOKEN), position, "token");
            if (token == null) {
                throw RegistryException.missingField(path(position, "token"));
            }
            String personId;
            Platform platform;
            ApnsEnvironment environment;
            try {
                TokenFormat.check(token, provider, "token");
                String environmentName = text(entry.value(Entry.APNS_ENVIRONMENT), position, "apns_environment");
                environment = environmentName == null || provider != Provider.APNS ? ApnsEnvironment.PRODUCTION
                        : ApnsEnvironment.fromWire(environmentName, "apns_environment");
                personId = PersonIds.check(text(entry.value(Entry.PERSON_ID), position, "person_id"), "person_id");
                platform = Platform.fromWire(text(entry.value(Entry.PLATFORM), position, "platform"));
            } catch (RegistryException invalid) {
                String field = path(position, invalid.field());
                throw new RegistryException(invalid.code(), invalid.getMessage().replace(invalid.field(), field), field);
            }
            int at = position;
            long version = wholeNumber(entry.value(Entry.VERSION), () -> path(at, "reg_version"));
            long index = wholeNumber(entry.value(Entry.SLOT), () -> path(at, "slot"));
            if (index < 0 || index >= DeliveryGroup.MAX_SIZE || taken[(int) index]) {
                throw RegistryException.invalidJson(path(position, "slot"), path(position, "slot")
                        + " must be a place of 0 to " + (DeliveryGroup.MAX_SIZE - 1) + " not taken by another");
            }
            taken[(int) index] = true;
            String liveActivityToken = text(entry.value(Entry.LIVE_ACTIVITY_TOKEN), position, "live_activity_token");
            if ((liveActivityToken != null) != message.liveActivity().isPresent()) {
                throw RegistryException.invalidJson(path(position, "live_activity_token"), path(position,
                        "live_activity_token") + " is there exactly when the message is a Live Activity push");
            }
            if (liveActivityToken != null) {
                LiveActivity.requireToken(liveActivityToken, path(position, "live_activity_token"));
            }
            slots.add(new DeliveryGroup.Slot((int) index,
                    new Delivery(requestId, new DeviceAddress(appId, token), environment, personId, provider, platform,
                            version, message, liveActivityToken)));
        }
        return new DeliveryGroup(requestId, (int) number, provider, appId, message, slots);
    }

    /** Where a delivery's field is in the message, for errors: {@code deliveries[3].token}. */
    private static String path(int position, String field) {
        return "deliveries[" + position + "]" + (field == null ? "" : "." + field);
    }

    /** A delivery's text field, or {@code null} when absent or empty. */
    private static String text(Object value, int position, String field) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw RegistryException.invalidJson(path(position, field), path(position, field) + " must be a string");
        }
        return text.isEmpty() ? null : text;
    }

    /** A whole-number {@link #scalar}; {@code path} names it in the error (built only then). */
    private static long wholeNumber(Object value, Supplier<String> path) {
        if (!(value instanceof Long number)) {
            throw RegistryException.invalidJson(path.get(), path.get() + " must be a whole number");
        }
        return number;
    }

}
