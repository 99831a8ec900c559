package dev.pushregistry.tools.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How one row of an export becomes the devices of {@code POST /v1/devices/import}. A row's fields
 * are what its format gives (a CSV row as texts by column name, a JSON line as it is); what a
 * format does not say comes from the command's options.
 */
public enum Mapping {
    /**
     * The registry's own fields: {@code app_id}, {@code token}, {@code platform}, {@code provider},
     * {@code apns_environment}, {@code person_id}, {@code push_enabled}, {@code attributes} (in CSV,
     * columns {@code attributes.<name>}) and {@code last_used}.
     */
    REGISTRY {
        @Override
        List<ObjectNode> devices(JsonNode row, Defaults defaults) {
            ObjectNode device = JSON.createObjectNode();
            ObjectNode attributes = null;
            for (var field : iterable(row)) {
                String name = field.getKey();
                JsonNode value = field.getValue();
                if (name.startsWith("attributes.")) {
                    if (!value.asText().isEmpty()) {
                        if (attributes == null) {
                            attributes = device.putObject("attributes");
                        }
                        attributes.put(name.substring("attributes.".length()), value.asText());
                    }
                } else if (name.equals("push_enabled") && value.isTextual()) {
                    if (!value.asText().isEmpty()) {
                        device.put(name, Boolean.parseBoolean(value.asText()));
                    }
                } else if (!(value.isTextual() && value.asText().isEmpty())) {
                    device.set(name, value);
                }
            }
            return List.of(defaults.fill(device));
        }
    },
    /**
     * One endpoint of SNS's {@code ListEndpointsByPlatformApplication} ({@code aws sns
     * list-endpoints-by-platform-application ... | jq -c '.Endpoints[]'}): {@code Attributes.Token}
     * is the token, {@code Attributes.Enabled} whether pushes are on, {@code Attributes.CustomUserData}
     * the owner (with {@code --person-from-user-data}); the platform comes from {@code --platform}
     * (an APNS or APNS_SANDBOX application is ios, with {@code --apns-environment development} for
     * the sandbox; GCM is android), {@code last_used} from {@code --last-used}.
     */
    SNS {
        @Override
        List<ObjectNode> devices(JsonNode row, Defaults defaults) {
            JsonNode attributes = row.path("Attributes");
            ObjectNode device = JSON.createObjectNode();
            device.put("token", attributes.path("Token").asText(""));
            if (attributes.has("Enabled")) {
                device.put("push_enabled", Boolean.parseBoolean(attributes.path("Enabled").asText()));
            }
            String userData = attributes.path("CustomUserData").asText("");
            if (defaults.personFromUserData() && !userData.isBlank()) {
                device.put("person_id", userData.trim());
            }
            return List.of(defaults.fill(device));
        }
    },
    /**
     * One user of a Braze user export (JSON lines): each of {@code push_tokens}
     * ({@code token}, {@code platform}, {@code notifications_enabled}) is a device of
     * {@code external_id} (anonymous without one); {@code last_used} is the newest
     * {@code apps[].last_used}, else {@code --last-used}.
     */
    BRAZE {
        @Override
        List<ObjectNode> devices(JsonNode row, Defaults defaults) {
            String person = row.path("external_id").asText("");
            Optional<String> lastUsed = Optional.empty();
            for (JsonNode app : row.path("apps")) {
                String used = app.path("last_used").asText("");
                if (!used.isEmpty() && (lastUsed.isEmpty() || Instant.parse(used).isAfter(Instant.parse(lastUsed.get())))) {
                    lastUsed = Optional.of(used);
                }
            }
            List<ObjectNode> devices = new ArrayList<>();
            for (JsonNode token : row.path("push_tokens")) {
                ObjectNode device = JSON.createObjectNode();
                device.put("token", token.path("token").asText(""));
                device.put("platform", token.path("platform").asText("").toLowerCase(Locale.ROOT));
                if (token.has("notifications_enabled")) {
                    device.put("push_enabled", token.path("notifications_enabled").asBoolean());
                }
                if (!person.isBlank()) {
                    device.put("person_id", person);
                }
                lastUsed.ifPresent(used -> device.put("last_used", used));
                devices.add(defaults.fill(device));
            }
            return devices;
        }
    },
    /**
     * One device of a Customer.io devices export (CSV or JSON lines): {@code id} is the owner,
     * {@code device_id} the token, {@code platform} (ios or android), {@code last_used} in Unix
     * seconds.
     */
    CUSTOMERIO {
        @Override
        List<ObjectNode> devices(JsonNode row, Defaults defaults) {
            ObjectNode device = JSON.createObjectNode();
            device.put("token", row.path("device_id").asText(""));
            device.put("platform", row.path("platform").asText("").toLowerCase(Locale.ROOT));
            String person = row.path("id").asText("");
            if (!person.isBlank()) {
                device.put("person_id", person);
            }
            String lastUsed = row.path("last_used").asText("");
            if (!lastUsed.isBlank()) {
                device.put("last_used", lastUsed.matches("\\d+")
                        ? Instant.ofEpochSecond(Long.parseLong(lastUsed)).toString() : lastUsed);
            }
            return List.of(defaults.fill(device));
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The devices of one row, each with the registry's fields. */
    abstract List<ObjectNode> devices(JsonNode row, Defaults defaults);

    private static Iterable<java.util.Map.Entry<String, JsonNode>> iterable(JsonNode row) {
        return row::fields;
    }

    /**
     * What the command's options fill in where a row says nothing.
     *
     * @param appId {@code --app}, for a deployment of several apps
     * @param platform {@code --platform}
     * @param apnsEnvironment {@code --apns-environment}
     * @param lastUsed {@code --last-used}
     * @param personFromUserData whether SNS's {@code CustomUserData} names the owner
     */
    record Defaults(String appId, String platform, String apnsEnvironment, Instant lastUsed,
                    boolean personFromUserData) {
        ObjectNode fill(ObjectNode device) {
            if (appId != null && !device.has("app_id")) {
                device.put("app_id", appId);
            }
            if (platform != null && (!device.has("platform") || device.get("platform").asText().isEmpty())) {
                device.put("platform", platform);
            }
            if (apnsEnvironment != null && !device.has("apns_environment")) {
                device.put("apns_environment", apnsEnvironment);
            }
            if (!device.has("last_used")) {
                device.put("last_used", lastUsed.toString());
            }
            return device;
        }
    }
}
