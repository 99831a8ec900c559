package dev.pushregistry.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.device.Platform;
import dev.pushregistry.device.Provider;
import dev.pushregistry.error.ErrorCode;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.json.Json;
import dev.pushregistry.json.JsonFields;
import dev.pushregistry.registry.DeviceFields;
import dev.pushregistry.registry.IdentifyCommand;
import dev.pushregistry.registry.LogoutCommand;
import dev.pushregistry.registry.RegisterCommand;
import dev.pushregistry.validation.DeviceAttributes;
import dev.pushregistry.validation.PersonIds;
import dev.pushregistry.validation.TokenFormat;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Reads and validates HTTP API requests into commands. Everything is checked here, before anything
 * is written.
 */
public final class Requests {
    /** The largest request body accepted, in bytes. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private Requests() {
    }

    /** The JSON object in the request body. */
    public static ObjectNode body(APIGatewayV2HTTPEvent event) {
        String raw = event.getBody();
        if (raw == null || raw.isBlank()) {
            throw RegistryException.invalidJson(null, "body must be a JSON object");
        }
        byte[] bytes;
        if (event.getIsBase64Encoded()) {
            try {
                bytes = Base64.getDecoder().decode(raw);
            } catch (IllegalArgumentException notBase64) {
                throw RegistryException.invalidJson(null, "body is not valid base64");
            }
        } else {
            bytes = raw.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new RegistryException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "body must be at most " + MAX_BODY_BYTES + " bytes");
        }
        return Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
    }

    /** The {@code person_id} path parameter. */
    public static String personIdFromPath(APIGatewayV2HTTPEvent event) {
        Map<String, String> parameters = event.getPathParameters();
        return PersonIds.check(parameters == null ? null : parameters.get("person_id"), "person_id");
    }

    /** The {@code request_id} path parameter. */
    public static String requestIdFromPath(APIGatewayV2HTTPEvent event) {
        Map<String, String> parameters = event.getPathParameters();
        String requestId = parameters == null ? null : parameters.get("request_id");
        if (requestId == null || requestId.isBlank()) {
            throw RegistryException.missingField("request_id");
        }
        return requestId;
    }

    /** {@code POST /v1/devices}. */
    public static RegisterCommand register(ObjectNode body) {
        DeviceFields device = deviceFields(body);
        String previousToken = JsonFields.optionalString(body, "previous_token");
        if (previousToken != null) {
            TokenFormat.check(previousToken, device.impliedProvider().orElse(null), "previous_token");
        }
        return new RegisterCommand(device, previousToken);
    }

    /** {@code POST /v1/identify}. */
    public static IdentifyCommand identify(ObjectNode body) {
        String personId = PersonIds.check(JsonFields.optionalString(body, "person_id"), "person_id");
        return new IdentifyCommand(personId, deviceFields(body));
    }

    /** {@code POST /v1/logout}. */
    public static LogoutCommand logout(ObjectNode body) {
        String personId = PersonIds.check(JsonFields.optionalString(body, "person_id"), "person_id");
        String token = JsonFields.requiredString(body, "token");
        TokenFormat.check(token, null, "token");
        return new LogoutCommand(personId, token);
    }

    /** {@code PUT /v1/people/{person_id}}: the {@code unsubscribed} flag. */
    public static boolean unsubscribed(ObjectNode body) {
        return JsonFields.requiredBoolean(body, "unsubscribed");
    }

    private static DeviceFields deviceFields(ObjectNode body) {
        String token = JsonFields.requiredString(body, "token");
        String platformName = JsonFields.optionalString(body, "platform");
        String providerName = JsonFields.optionalString(body, "provider");
        Platform platform = platformName == null ? null : Platform.fromWire(platformName);
        Provider provider = providerName == null ? null : Provider.fromWire(providerName);
        if (platform != null && provider != null && !platform.supports(provider)) {
            throw new RegistryException(ErrorCode.INVALID_PLATFORM,
                    "provider " + provider.wire() + " cannot deliver to " + platform.wire() + " devices", "provider");
        }
        Boolean pushEnabled = JsonFields.optionalBoolean(body, "push_enabled");
        Map<String, String> attributes = JsonFields.optionalStringMap(body, "attributes");
        if (attributes != null) {
            DeviceAttributes.check(attributes, "attributes");
        }
        DeviceFields fields = new DeviceFields(token, platform, provider, pushEnabled, attributes);
        TokenFormat.check(token, fields.impliedProvider().orElse(null), "token");
        return fields;
    }
}
