package dev.pushregistry.queue.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.sending.DeliveryOutcome;
import dev.pushregistry.core.sending.PriorWork;
import dev.pushregistry.core.sending.PushResult;
import dev.pushregistry.core.time.Timestamps;
import dev.pushregistry.json.Json;
import dev.pushregistry.json.JsonFields;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code prior} of a delivery message that takes over from an earlier one: the claim it works
 * under, and the answers and outcomes the earlier message learned, which it records without pushing
 * again. Each slot's entries are keyed by the slot's number.
 */
final class PriorWorkJson {
    private PriorWorkJson() {
    }

    /** {@code prior} as a follow-up message carries it. */
    static ObjectNode write(PriorWork prior) {
        ObjectNode written = Json.object();
        written.put("claim_id", prior.claimId());
        ObjectNode answers = written.putObject("answers");
        prior.answers().forEach((index, answer) -> answers.set(Integer.toString(index), answerJson(answer)));
        ObjectNode outcomes = written.putObject("outcomes");
        prior.outcomes().forEach((index, outcome) -> outcomes.put(Integer.toString(index), outcome.wire()));
        prior.reason().ifPresent(reason -> written.put("reason", reason));
        return written;
    }

    private static ObjectNode answerJson(PushResult answer) {
        ObjectNode json = Json.object();
        if (answer instanceof PushResult.BadToken bad) {
            json.put("result", "bad_token");
            json.put("reason", bad.reason());
        } else if (answer instanceof PushResult.Unregistered gone) {
            json.put("result", "unregistered");
            gone.invalidSince().ifPresent(since -> json.put("invalid_since", Timestamps.format(since)));
        } else {
            json.put("result", "accepted");
        }
        return json;
    }

    /** The {@code prior} of a message that takes over, if it has one. */
    static Optional<PriorWork> read(ObjectNode json) {
        ObjectNode prior = JsonFields.optionalObject(json, "prior", "prior");
        if (prior == null) {
            return Optional.empty();
        }
        String claimId = required(prior, "claim_id", "prior.claim_id");
        Map<Integer, PushResult> answers = new HashMap<>();
        eachField(prior, "answers", (index, value, path) -> {
            if (!(value instanceof ObjectNode answer)) {
                throw RegistryException.invalidJson(path, path + " must be an object");
            }
            answers.put(index, answer(answer, path));
        });
        Map<Integer, DeliveryOutcome> outcomes = new HashMap<>();
        eachField(prior, "outcomes", (index, value, path) -> {
            try {
                outcomes.put(index, DeliveryOutcome.fromWire(value.asText()));
            } catch (IllegalArgumentException unknown) {
                throw RegistryException.invalidJson(path, path + " must be an outcome");
            }
        });
        Optional<String> reason = Optional.ofNullable(JsonFields.optionalString(prior, "reason", "prior.reason"));
        if (outcomes.containsValue(DeliveryOutcome.FAILED) && reason.isEmpty()) {
            throw RegistryException.missingField("prior.reason");
        }
        return Optional.of(new PriorWork(claimId, answers, outcomes, reason));
    }

    private static PushResult answer(ObjectNode answer, String path) {
        return switch (required(answer, "result", path + ".result")) {
            case "accepted" -> new PushResult.Accepted();
            case "bad_token" -> new PushResult.BadToken(Optional.ofNullable(
                    JsonFields.optionalString(answer, "reason", path + ".reason")).orElse("bad token"));
            case "unregistered" -> new PushResult.Unregistered(Optional.ofNullable(
                    JsonFields.optionalString(answer, "invalid_since", path + ".invalid_since"))
                    .map(text -> instant(text, path + ".invalid_since")));
            default -> throw RegistryException.invalidJson(path + ".result",
                    path + ".result must be accepted, bad_token or unregistered");
        };
    }

    /** What to do with one field of an object keyed by slot index. */
    private interface SlotField {
        void accept(int index, JsonNode value, String path);
    }

    private static void eachField(ObjectNode parent, String field, SlotField action) {
        String path = "prior." + field;
        ObjectNode object = JsonFields.optionalObject(parent, field, path);
        if (object == null) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String entryPath = path + "." + entry.getKey();
            int index;
            try {
                index = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException notANumber) {
                throw RegistryException.invalidJson(entryPath, path + " is keyed by slot number");
            }
            action.accept(index, entry.getValue(), entryPath);
        }
    }

    private static String required(ObjectNode json, String field, String path) {
        String value = JsonFields.optionalString(json, field, path);
        if (value == null || value.isEmpty()) {
            throw RegistryException.missingField(path);
        }
        return value;
    }

    private static Instant instant(String text, String path) {
        try {
            return Timestamps.parse(text);
        } catch (DateTimeParseException malformed) {
            throw RegistryException.invalidJson(path, path + " must be an ISO-8601 time");
        }
    }
}
