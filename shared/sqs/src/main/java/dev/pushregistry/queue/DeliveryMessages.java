package dev.pushregistry.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.device.Platform;
import dev.pushregistry.device.Provider;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.json.Json;
import dev.pushregistry.json.JsonFields;
import dev.pushregistry.sending.Delivery;
import dev.pushregistry.sending.MessageOutcome;
import dev.pushregistry.sending.PriorPush;
import dev.pushregistry.sending.PushMessage;
import dev.pushregistry.sending.PushResult;
import dev.pushregistry.sending.QueuedDelivery;
import dev.pushregistry.time.Timestamps;
import dev.pushregistry.validation.PersonIds;
import dev.pushregistry.validation.TokenFormat;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The body of a delivery message on a provider's queue: one planned push to one device, or (with
 * {@code pushed}) the outcome of a push already made that is still to be recorded.
 */
public final class DeliveryMessages {
    private DeliveryMessages() {
    }

    public static String write(Delivery delivery) {
        return Json.write(json(delivery));
    }

    private static ObjectNode json(Delivery delivery) {
        ObjectNode json = Json.object();
        json.put("request_id", delivery.requestId());
        json.put("token", delivery.token());
        json.put("person_id", delivery.personId());
        json.put("provider", delivery.provider().wire());
        json.put("platform", delivery.platform().wire());
        json.put("reg_version", delivery.registrationVersion());
        json.set("message", SendRequests.messageJson(delivery.message()));
        return json;
    }

    /**
     * The body of a message that only records the outcome of a push already made: the delivery with
     * the claim it was pushed under and the push service's answer.
     */
    public static String writeRecording(MessageOutcome.FollowUp followUp) {
        PriorPush pushed = followUp.pushed();
        ObjectNode json = json(followUp.delivery());
        ObjectNode prior = json.putObject("pushed");
        prior.put("claim_id", pushed.claimId());
        if (pushed.result() instanceof PushResult.BadToken bad) {
            prior.put("result", "bad_token");
            prior.put("reason", bad.reason());
        } else if (pushed.result() instanceof PushResult.Unregistered gone) {
            prior.put("result", "unregistered");
            gone.invalidSince().ifPresent(since -> prior.put("invalid_since", Timestamps.format(since)));
        } else {
            prior.put("result", "accepted");
        }
        return Json.write(json);
    }

    /**
     * A message as a sender takes it: the delivery and, for a recording message, the push already made.
     *
     * @throws RegistryException when the body is not a delivery, or {@code pushed} is malformed
     */
    public static QueuedDelivery readQueued(String messageId, String body, boolean finalAttempt) {
        return new Reader().readQueued(messageId, body, finalAttempt);
    }

    /**
     * Reads the messages of one batch. The deliveries of one send carry the same push message, so
     * each distinct push message is read and checked once, and its deliveries share it (which also
     * lets a sender build its payload once).
     */
    public static final class Reader {
        private final Map<JsonNode, PushMessage> messages = new HashMap<>();

        /**
         * A message as a sender takes it: the delivery and, for a recording message, the push already
         * made.
         *
         * @throws RegistryException when the body is not a delivery, or {@code pushed} is malformed
         */
        public QueuedDelivery readQueued(String messageId, String body, boolean finalAttempt) {
            ObjectNode json = Json.parseObject(body);
            return new QueuedDelivery(messageId, read(json, this::message), finalAttempt, priorPush(json));
        }

        private PushMessage message(ObjectNode json) {
            PushMessage known = messages.get(json);
            if (known == null) {
                known = SendRequests.message(json);
                messages.put(json, known);
            }
            return known;
        }
    }

    private static Optional<PriorPush> priorPush(ObjectNode json) {
        ObjectNode prior = JsonFields.optionalObject(json, "pushed", "pushed");
        if (prior == null) {
            return Optional.empty();
        }
        String claimId = JsonFields.requiredString(prior, "claim_id");
        String result = JsonFields.requiredString(prior, "result");
        PushResult answer = switch (result) {
            case "accepted" -> new PushResult.Accepted();
            case "bad_token" -> new PushResult.BadToken(Optional.ofNullable(
                    JsonFields.optionalString(prior, "reason", "pushed.reason")).orElse("bad token"));
            case "unregistered" -> new PushResult.Unregistered(Optional.ofNullable(
                    JsonFields.optionalString(prior, "invalid_since", "pushed.invalid_since")).map(DeliveryMessages::instant));
            default -> throw RegistryException.invalidJson("pushed.result", "pushed.result must be accepted, bad_token or unregistered");
        };
        return Optional.of(new PriorPush(claimId, answer));
    }

    private static Instant instant(String text) {
        try {
            return Timestamps.parse(text);
        } catch (DateTimeParseException malformed) {
            throw RegistryException.invalidJson("pushed.invalid_since", "pushed.invalid_since must be an ISO-8601 time");
        }
    }

    /** @throws RegistryException when the body is not a delivery */
    public static Delivery read(String body) {
        return read(Json.parseObject(body), SendRequests::message);
    }

    private static Delivery read(ObjectNode json, Function<ObjectNode, PushMessage> messages) {
        String requestId = JsonFields.requiredString(json, "request_id");
        String token = JsonFields.requiredString(json, "token");
        Provider provider = Provider.fromWire(JsonFields.requiredString(json, "provider"));
        TokenFormat.check(token, provider, "token");
        String personId = PersonIds.check(JsonFields.optionalString(json, "person_id"), "person_id");
        Platform platform = Platform.fromWire(JsonFields.requiredString(json, "platform"));
        if (!json.hasNonNull("reg_version") || !json.get("reg_version").canConvertToLong()) {
            throw RegistryException.invalidJson("reg_version", "reg_version must be a whole number");
        }
        ObjectNode message = JsonFields.optionalObject(json, "message", "message");
        if (message == null) {
            throw RegistryException.missingField("message");
        }
        return new Delivery(requestId, token, personId, provider, platform, json.get("reg_version").longValue(),
                messages.apply(message));
    }
}
