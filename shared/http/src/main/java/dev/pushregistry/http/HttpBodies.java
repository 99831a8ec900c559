package dev.pushregistry.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.LiveActivities;
import dev.pushregistry.core.device.LiveActivity;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.registry.DeviceFields;
import dev.pushregistry.core.registry.DeviceImport;
import dev.pushregistry.core.registry.IdentifyCommand;
import dev.pushregistry.core.registry.ImportCommand;
import dev.pushregistry.core.registry.LiveActivityCommand;
import dev.pushregistry.core.registry.LogoutCommand;
import dev.pushregistry.core.registry.RegisterCommand;
import dev.pushregistry.core.time.Timestamps;
import dev.pushregistry.core.validation.DeviceAttributes;
import dev.pushregistry.core.validation.PersonIds;
import dev.pushregistry.core.validation.TokenFormat;
import dev.pushregistry.http.auth.Grant;
import dev.pushregistry.json.Json;
import dev.pushregistry.json.JsonFields;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates HTTP API requests into commands. Everything is checked here, before anything
 * is written.
 */
public final class HttpBodies {
    /** The largest request body accepted, in bytes. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private HttpBodies() {
    }

    /** The largest import body accepted, in bytes: 500 devices of up to about 2 KB each. */
    public static final int MAX_IMPORT_BODY_BYTES = 1024 * 1024;

    /** The JSON object in the request body, of at most {@link #MAX_BODY_BYTES}. */
    public static ObjectNode body(APIGatewayV2HTTPEvent event) {
        return body(event, MAX_BODY_BYTES);
    }

    /**
     * The JSON object in the request body, of at most {@code maxBytes}: UTF-8 and well-formed Unicode
     * (a lone surrogate, escaped or not, is refused rather than stored as another text).
     */
    public static ObjectNode body(APIGatewayV2HTTPEvent event, int maxBytes) {
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
        if (bytes.length > maxBytes) {
            throw new RegistryException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "body must be at most " + maxBytes + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            throw RegistryException.invalidJson(null, "body is not UTF-8");
        }
        ObjectNode body = Json.parseObject(text);
        if (!Json.wellFormed(body)) {
            throw RegistryException.invalidJson(null, "body is not well-formed Unicode (a lone surrogate)");
        }
        return body;
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

    /**
     * The app a device request acts in, from its key and the body's {@code app_id}
     * ({@link Grant#appFor}).
     */
    public static String appOf(ObjectNode body, Grant grant) {
        return grant.appFor(JsonFields.optionalString(body, "app_id"));
    }

    /**
     * The {@code app_id} query parameter, when given: one of the deployment's apps.
     *
     * @throws RegistryException {@code invalid_app} for another
     */
    public static Optional<String> appFromQuery(APIGatewayV2HTTPEvent event, Apps apps) {
        Map<String, String> parameters = event.getQueryStringParameters();
        String named = parameters == null ? null : parameters.get("app_id");
        return Optional.ofNullable(named).map(app -> apps.require(app, "app_id"));
    }

    /**
     * {@code POST /v1/devices/import}: whether it is a dry run, and each device of {@code devices}
     * read, or refused as it was read (each in the app its {@code app_id} names, as
     * {@link Grant#appFor} decides).
     *
     * @param dryRun whether the import only says what it would do
     * @param devices one entry per device, in the order given
     */
    public record DeviceImportRequest(boolean dryRun, List<DeviceImport.Entry> devices) {
    }

    /**
     * @throws RegistryException {@code missing_field} or {@code invalid_json} for a body without a
     *     {@code devices} array (how many it may hold is {@link DeviceImport#run}'s to say)
     */
    public static DeviceImportRequest deviceImport(ObjectNode body, Grant grant) {
        Boolean dryRun = JsonFields.optionalBoolean(body, "dry_run");
        JsonNode devices = body.get("devices");
        if (devices == null || devices.isNull()) {
            throw RegistryException.missingField("devices");
        }
        if (!devices.isArray()) {
            throw RegistryException.invalidJson("devices", "devices must be an array");
        }
        List<DeviceImport.Entry> entries = new ArrayList<>(devices.size());
        for (JsonNode device : devices) {
            try {
                entries.add(new DeviceImport.Entry.Readable(importCommand(device, grant)));
            } catch (RegistryException refused) {
                entries.add(new DeviceImport.Entry.Unreadable(refused));
            }
        }
        return new DeviceImportRequest(dryRun != null && dryRun, entries);
    }

    private static ImportCommand importCommand(JsonNode device, Grant grant) {
        if (!device.isObject()) {
            throw RegistryException.invalidJson(null, "each device must be a JSON object");
        }
        ObjectNode fields = (ObjectNode) device;
        DeviceFields deviceFields = deviceFields(fields, appOf(fields, grant));
        if (deviceFields.platform() == null) {
            throw RegistryException.missingField("platform");
        }
        String person = JsonFields.optionalString(fields, "person_id");
        String lastUsed = JsonFields.requiredString(fields, "last_used");
        Instant used;
        try {
            used = Timestamps.truncate(OffsetDateTime.parse(lastUsed).toInstant());
        } catch (DateTimeParseException notATime) {
            throw RegistryException.invalidJson("last_used", "last_used must be an ISO-8601 time with its offset");
        }
        return new ImportCommand(deviceFields,
                Optional.ofNullable(person).map(id -> PersonIds.check(id, "person_id")), used);
    }

    /** {@code POST /v1/devices} in the app {@code appId}. */
    public static RegisterCommand register(ObjectNode body, String appId) {
        DeviceFields device = withStartTokens(deviceFields(body, appId), body);
        String previousToken = JsonFields.optionalString(body, "previous_token");
        if (previousToken != null) {
            TokenFormat.check(previousToken, device.impliedProvider().orElse(null), "previous_token");
        }
        return new RegisterCommand(device, previousToken);
    }

    /** {@code POST /v1/identify} in the app {@code appId}. */
    public static IdentifyCommand identify(ObjectNode body, String appId) {
        String personId = PersonIds.check(JsonFields.optionalString(body, "person_id"), "person_id");
        return new IdentifyCommand(personId, withStartTokens(deviceFields(body, appId), body));
    }

    /**
     * {@code POST /v1/live-activities} in the app {@code appId}: the activity's update token on the
     * device {@code device_token}.
     */
    public static LiveActivityCommand liveActivity(ObjectNode body, String appId) {
        return new LiveActivityCommand(activityDevice(body, appId),
                LiveActivity.requireActivityId(JsonFields.requiredString(body, "activity_id"), "activity_id"),
                LiveActivity.requireActivityType(JsonFields.requiredString(body, "activity_type"), "activity_type"),
                LiveActivity.requireToken(JsonFields.requiredString(body, "token"), "token"));
    }

    /**
     * {@code POST /v1/live-activities/end} in the app {@code appId}: the device and the activity the
     * app saw end.
     */
    public static EndedActivity endedActivity(ObjectNode body, String appId) {
        return new EndedActivity(activityDevice(body, appId),
                LiveActivity.requireActivityId(JsonFields.requiredString(body, "activity_id"), "activity_id"));
    }

    /** The device a Live Activity call names ({@code device_token}) in the app {@code appId}. */
    private static DeviceAddress activityDevice(ObjectNode body, String appId) {
        String deviceToken = JsonFields.requiredString(body, "device_token");
        TokenFormat.check(deviceToken, null, "device_token");
        return new DeviceAddress(appId, deviceToken);
    }

    /** What {@code POST /v1/live-activities/end} names: the device and the activity on it. */
    public record EndedActivity(DeviceAddress device, String activityId) {
    }

    /**
     * The device fields with the body's {@code live_activity_start_tokens}: each activity type's
     * push-to-start token, {@code null} to remove it.
     */
    private static DeviceFields withStartTokens(DeviceFields fields, ObjectNode body) {
        ObjectNode reported = JsonFields.optionalObject(body, "live_activity_start_tokens", "live_activity_start_tokens");
        if (reported == null) {
            return fields;
        }
        if (reported.size() > LiveActivities.MAX_START_TOKENS) {
            throw RegistryException.invalidJson("live_activity_start_tokens",
                    "live_activity_start_tokens names at most " + LiveActivities.MAX_START_TOKENS + " activity types");
        }
        Map<String, Optional<String>> startTokens = new LinkedHashMap<>();
        reported.fields().forEachRemaining(entry -> {
            String path = "live_activity_start_tokens." + entry.getKey();
            LiveActivity.requireActivityType(entry.getKey(), path);
            JsonNode token = entry.getValue();
            if (token.isNull()) {
                startTokens.put(entry.getKey(), Optional.empty());
            } else if (token.isTextual()) {
                startTokens.put(entry.getKey(), Optional.of(LiveActivity.requireToken(token.textValue(), path)));
            } else {
                throw RegistryException.invalidJson(path, path + " must be a start token or null");
            }
        });
        return new DeviceFields(fields.appId(), fields.token(), fields.platform(), fields.provider(),
                fields.apnsEnvironment(), fields.pushEnabled(), fields.attributes(), startTokens);
    }

    /** {@code POST /v1/logout} in the app {@code appId}. */
    public static LogoutCommand logout(ObjectNode body, String appId) {
        String personId = PersonIds.check(JsonFields.optionalString(body, "person_id"), "person_id");
        String token = JsonFields.requiredString(body, "token");
        TokenFormat.check(token, null, "token");
        return new LogoutCommand(personId, new DeviceAddress(appId, token));
    }

    /** {@code PUT /v1/people/{person_id}}: the {@code unsubscribed} flag. */
    public static boolean unsubscribed(ObjectNode body) {
        return JsonFields.requiredBoolean(body, "unsubscribed");
    }

    private static DeviceFields deviceFields(ObjectNode body, String appId) {
        String token = JsonFields.requiredString(body, "token");
        String platformName = JsonFields.optionalString(body, "platform");
        String providerName = JsonFields.optionalString(body, "provider");
        Platform platform = platformName == null ? null : Platform.fromWire(platformName);
        Provider provider = providerName == null ? null : Provider.fromWire(providerName);
        if (platform != null && provider != null && !platform.supports(provider)) {
            throw new RegistryException(ErrorCode.INVALID_PLATFORM,
                    "provider " + provider.wire() + " cannot deliver to " + platform.wire() + " devices", "provider");
        }
        String environmentName = JsonFields.optionalString(body, "apns_environment");
        ApnsEnvironment environment = environmentName == null ? null
                : ApnsEnvironment.fromWire(environmentName, "apns_environment");
        Boolean pushEnabled = JsonFields.optionalBoolean(body, "push_enabled");
        Map<String, String> attributes = JsonFields.optionalStringMap(body, "attributes");
        if (attributes != null) {
            DeviceAttributes.check(attributes, "attributes");
        }
        DeviceFields fields = new DeviceFields(appId, token, platform, provider, environment, pushEnabled, attributes);
        TokenFormat.check(token, fields.impliedProvider().orElse(null), "token");
        return fields;
    }
}
