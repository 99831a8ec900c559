package dev.pushregistry.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.LiveActivity;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.person.PersonDevices;
import dev.pushregistry.core.person.PersonProfile;
import dev.pushregistry.core.registry.DeviceImport;
import dev.pushregistry.core.registry.ImportOutcome;
import dev.pushregistry.core.sending.SendSummary;
import dev.pushregistry.core.time.Timestamps;
import dev.pushregistry.http.auth.Audience;
import dev.pushregistry.http.auth.Grant;
import dev.pushregistry.json.Json;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes the API answers with, as the contract fixes them. */
public final class Views {
    private static final List<String> COUNT_ORDER = List.of("targeted", "sent", "bounced", "suppressed", "deleted",
            "skipped_unsubscribed", "skipped_suppressed", "skipped_stale", "skipped_push_disabled", "failed");

    private Views() {
    }

    /** The device view. */
    /**
     * An import's answer: whether it was a dry run, how many devices went which way, and each
     * device's result by its position in the request ({@code created}, {@code updated},
     * {@code skipped}, or {@code refused} with the error's {@code code}, {@code message} and
     * {@code field}).
     */
    public static ObjectNode deviceImport(boolean dryRun, List<DeviceImport.Result> results) {
        ObjectNode view = Json.object();
        view.put("dry_run", dryRun);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ImportOutcome outcome : ImportOutcome.values()) {
            counts.put(outcome.wire(), 0);
        }
        counts.put("refused", 0);
        ArrayNode list = Json.object().putArray("results");
        for (int index = 0; index < results.size(); index++) {
            DeviceImport.Result result = results.get(index);
            ObjectNode entry = list.addObject().put("index", index);
            if (result.outcome().isPresent()) {
                entry.put("result", result.outcome().get().wire());
                counts.merge(result.outcome().get().wire(), 1, Integer::sum);
            } else {
                RegistryException refusal = result.refusal().orElseThrow();
                entry.put("result", "refused").put("code", refusal.code().wire()).put("message", refusal.getMessage());
                if (refusal.field() != null) {
                    entry.put("field", refusal.field());
                }
                counts.merge("refused", 1, Integer::sum);
            }
        }
        ObjectNode countsView = view.putObject("counts");
        counts.forEach(countsView::put);
        view.set("results", list);
        return view;
    }

    /**
     * A device as the caller of an app endpoint sees it: an app key, which ships inside every app, is
     * never told a person its request did not name, so its answer has no {@code person_id} (whoever
     * knows a token would otherwise learn its owner); a server key sees the whole view.
     */
    public static ObjectNode device(Device device, Grant grant) {
        ObjectNode view = device(device);
        if (grant.audience() == Audience.APP) {
            view.remove("person_id");
        }
        return view;
    }

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
        ObjectNode startTokens = view.putObject("live_activity_start_tokens");
        device.liveActivities().startTokens().forEach(startTokens::put);
        return view;
    }

    /**
     * A Live Activity on its device. An app key is told no person: its answer has no
     * {@code person_id} (whoever knows a device token would otherwise learn its owner).
     */
    public static ObjectNode liveActivity(Device device, LiveActivity activity, Grant grant) {
        ObjectNode view = liveActivity(device, activity);
        if (grant.audience() == Audience.APP) {
            view.remove("person_id");
        }
        return view;
    }

    private static ObjectNode liveActivity(Device device, LiveActivity activity) {
        ObjectNode view = Json.object();
        view.put("app_id", device.appId());
        view.put("activity_id", activity.activityId());
        view.put("activity_type", activity.activityType());
        view.put("device_token", device.token());
        view.put("person_id", device.personId().orElse(null));
        view.put("token", activity.token());
        view.put("_last_status", activity.status().wire());
        view.put("created_at", Timestamps.format(activity.createdAt()));
        view.put("updated_at", Timestamps.format(activity.updatedAt()));
        return view;
    }

    /** A person's Live Activities on every device of theirs (of one app, when {@code appId} names it). */
    public static ObjectNode personLiveActivities(PersonDevices person, Optional<String> appId) {
        ObjectNode view = Json.object();
        view.put("person_id", person.personId());
        ArrayNode activities = view.putArray("activities");
        for (Device device : appId.map(person::ofApp).orElse(person).devices()) {
            device.liveActivities().activities().values()
                    .forEach(activity -> activities.add(liveActivity(device, activity)));
        }
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
