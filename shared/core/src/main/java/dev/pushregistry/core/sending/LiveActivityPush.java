package dev.pushregistry.core.sending;

import dev.pushregistry.core.device.LiveActivity;
import dev.pushregistry.core.error.RegistryException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a send request does to iOS Live Activities ({@code live_activity}): start one on the
 * devices its targeting picks (to their push-to-start token for {@link #activityType()}), or update
 * or end every registered activity with {@link #activityId()} of the people it names. The JSON
 * objects ({@code attributes}, {@code content_state}) are kept as the JSON text they came as; the
 * core does not read them.
 *
 * @param event what the push does to the activity
 * @param activityId the activity updated or ended; empty for a start
 * @param activityType the {@code ActivityAttributes} type started; empty for an update or end
 * @param attributesJson the activity's static attributes (a JSON object), for a start
 * @param contentStateJson the activity's content state (a JSON object): for a start or an update,
 *     optional for an end
 * @param staleDate when the system shows the activity as out of date
 * @param dismissalDate when an ended activity leaves the lock screen (an end only)
 * @param relevanceScore how the system ranks the activity among the app's others
 * @param timestamp when the send request was accepted ({@code aps.timestamp}): the same on every
 *     push of the request and every retry, since iOS drops an update older than the one it shows;
 *     empty until dispatch knows it
 */
public record LiveActivityPush(Event event, Optional<String> activityId, Optional<String> activityType,
                               Optional<String> attributesJson, Optional<String> contentStateJson,
                               Optional<Instant> staleDate, Optional<Instant> dismissalDate,
                               Optional<Double> relevanceScore, Optional<Instant> timestamp) {
    /** What a Live Activity push does. */
    public enum Event {
        START, UPDATE, END;

        /** As the contract and APNs name it: {@code start}, {@code update}, {@code end}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws RegistryException {@code invalid_json} for another name */
        public static Event fromWire(String value) {
            for (Event event : values()) {
                if (event.wire().equals(value)) {
                    return event;
                }
            }
            throw RegistryException.invalidJson("live_activity.event", "live_activity.event must be start, update or end");
        }
    }

    /**
     * @throws RegistryException naming the {@code live_activity} field that is missing or not allowed
     *     for the event
     */
    public LiveActivityPush {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(activityType, "activityType");
        Objects.requireNonNull(attributesJson, "attributesJson");
        Objects.requireNonNull(contentStateJson, "contentStateJson");
        Objects.requireNonNull(staleDate, "staleDate");
        Objects.requireNonNull(dismissalDate, "dismissalDate");
        Objects.requireNonNull(relevanceScore, "relevanceScore");
        Objects.requireNonNull(timestamp, "timestamp");
        activityId.ifPresent(id -> LiveActivity.requireActivityId(id, "live_activity.activity_id"));
        activityType.ifPresent(type -> LiveActivity.requireActivityType(type, "live_activity.activity_type"));
        if (event == Event.START) {
            require(activityType.isPresent(), "live_activity.activity_type");
            require(attributesJson.isPresent(), "live_activity.attributes");
            require(contentStateJson.isPresent(), "live_activity.content_state");
            refuse(activityId.isPresent(), "live_activity.activity_id", "a start names its activity_type, not an activity_id");
        } else {
            require(activityId.isPresent(), "live_activity.activity_id");
            refuse(activityType.isPresent() || attributesJson.isPresent(), "live_activity.activity_type",
                    "only a start names an activity_type and attributes");
        }
        if (event == Event.UPDATE) {
            require(contentStateJson.isPresent(), "live_activity.content_state");
        }
        refuse(dismissalDate.isPresent() && event != Event.END, "live_activity.dismissal_date",
                "only an end has a dismissal_date");
    }

    /** The same push with the time its send request was accepted, to the second as APNs takes it. */
    public LiveActivityPush acceptedAt(Instant accepted) {
        return new LiveActivityPush(event, activityId, activityType, attributesJson, contentStateJson, staleDate,
                dismissalDate, relevanceScore, Optional.of(accepted.truncatedTo(ChronoUnit.SECONDS)));
    }

    private static void require(boolean present, String field) {
        if (!present) {
            throw RegistryException.missingField(field);
        }
    }

    private static void refuse(boolean present, String field, String why) {
        if (present) {
            throw RegistryException.invalidJson(field, why);
        }
    }
}
