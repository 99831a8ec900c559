package dev.pushregistry.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.device.Device;
import dev.pushregistry.device.Provider;
import dev.pushregistry.json.Json;
import dev.pushregistry.person.HistoryEvent;
import dev.pushregistry.person.PersonDevices;
import dev.pushregistry.person.PersonProfile;
import dev.pushregistry.sending.SendSummary;
import dev.pushregistry.time.Timestamps;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The JSON shapes the API answers with, as the contract fixes them. */
public final class Views {
    private static final List<String> COUNT_ORDER = List.of("targeted", "sent", "bounced", "suppressed", "deleted",
            "skipped_unsubscribed", "skipped_suppressed", "skipped_stale", "skipped_push_disabled", "failed");

    private Views() {
    }

    /** The device view. */
    public static ObjectNode device(Device device) {
        ObjectNode view = Json.object();
        view.put("app_id", device.appId());
        view.put("token", device.token());
        view.put("platform", device.platform().wire());
        view.put("provider", device.provider().wire());
        if (device.provider() == Provider.APNS) {
            view.put("apns_environment", device.apnsEnvironment().wire());
        }
        view.put("person_id", device.personId().orElse(null));
        view.put("push_enabled", device.pushEnabled());
        view.put("_last_status", device.status().wire());
        view.put("last_used", Timestamps.format(device.lastUsed()));
        view.put("created_at", Timestamps.format(device.createdAt()));
        ObjectNode attributes = view.putObject("attributes");
        device.attributes().forEach(attributes::put);
        return view;
    }

    /** A person's devices, with their profile flags and last active token. */
    public static ObjectNode personDevices(PersonDevices person) {
        ObjectNode view = Json.object();
        view.put("person_id", person.personId());
        view.put("unsubscribed", person.unsubscribed());
        view.put("last_active_token", person.lastActiveDevice().map(Device::token).orElse(null));
        ArrayNode devices = view.putArray("devices");
        person.devices().forEach(device -> devices.add(device(device)));
        return view;
    }

    /** A person's token history, in the order given (newest first). */
    public static ObjectNode tokenHistory(List<HistoryEvent> events) {
        ObjectNode view = Json.object();
        ArrayNode array = view.putArray("events");
        for (HistoryEvent event : events) {
            ObjectNode entry = array.addObject();
            entry.put("at", Timestamps.format(event.at()));
            entry.put("type", event.type().wire());
            entry.put("app_id", event.appId());
            entry.put("token", event.token());
            entry.put("other_person_id", event.otherPerson().orElse(null));
            event.replacedToken().ifPresent(previous -> entry.put("previous_token", previous));
        }
        return view;
    }

    /** Where a send stands: {@code pending} or {@code done}, with its counts. */
    public static ObjectNode sendSummary(SendSummary summary) {
        ObjectNode view = Json.object();
        view.put("request_id", summary.requestId());
        view.put("state", summary.state());
        ObjectNode counts = view.putObject("counts");
        summary.counts().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparingInt(Views::countOrder)))
                .forEach(count -> counts.put(count.getKey(), count.getValue()));
        return view;
    }

    private static int countOrder(String name) {
        int index = COUNT_ORDER.indexOf(name);
        return index < 0 ? COUNT_ORDER.size() : index;
    }

    public static ObjectNode profile(PersonProfile profile) {
        ObjectNode view = Json.object();
        view.put("person_id", profile.personId());
        view.put("unsubscribed", profile.unsubscribed());
        view.put("created_at", Timestamps.format(profile.createdAt()));
        view.put("updated_at", Timestamps.format(profile.updatedAt()));
        return view;
    }
}
