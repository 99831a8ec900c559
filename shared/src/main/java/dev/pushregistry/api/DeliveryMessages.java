package dev.pushregistry.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.device.Platform;
import dev.pushregistry.device.Provider;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.sending.Delivery;
import dev.pushregistry.validation.PersonIds;
import dev.pushregistry.validation.TokenFormat;

/** The body of a delivery message on a provider's queue: one planned push to one device. */
public final class DeliveryMessages {
    private DeliveryMessages() {
    }

    public static String write(Delivery delivery) {
        ObjectNode json = Json.object();
        json.put("request_id", delivery.requestId());
        json.put("token", delivery.token());
        json.put("person_id", delivery.personId());
        json.put("provider", delivery.provider().wire());
        json.put("platform", delivery.platform().wire());
        json.put("reg_version", delivery.registrationVersion());
        json.set("message", SendRequests.messageJson(delivery.message()));
        return Json.write(json);
    }

    /** @throws RegistryException when the body is not a delivery */
    public static Delivery read(String body) {
        ObjectNode json = Json.parseObject(body);
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
                SendRequests.message(message));
    }
}
