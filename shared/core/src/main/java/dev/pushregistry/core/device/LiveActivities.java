package dev.pushregistry.core.device;

import dev.pushregistry.core.error.RegistryException;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A device's iOS Live Activity tokens: its push-to-start tokens, one per activity type, and its
 * running activities, each with its update token. They are part of the device: whatever moves the
 * device to another person, logs it out, refreshes or removes it takes them along ({@link #NONE}).
 * At most {@value #MAX_START_TOKENS} start tokens; at most {@value #MAX_ACTIVITIES} activities, an
 * activity registered past that replacing the one whose token was registered longest ago (an app
 * that never said an activity ended leaves it behind; iOS itself runs far fewer at once).
 */
public final class LiveActivities {
    /** The most activity types a device holds a start token for. */
    public static final int MAX_START_TOKENS = 10;
    /** The most activities a device keeps. */
    public static final int MAX_ACTIVITIES = 10;
    /** A device without start tokens or activities. */
    public static final LiveActivities NONE = new LiveActivities(Map.of(), Map.of(), Map.of());

    private final Map<String, String> startTokens;
    private final Map<String, LiveActivity> activities;
    private final Map<String, LiveActivityEnding> endings;

    private LiveActivities(Map<String, String> startTokens, Map<String, LiveActivity> activities,
                           Map<String, LiveActivityEnding> endings) {
        this.startTokens = Collections.unmodifiableMap(new TreeMap<>(startTokens));
        this.activities = Collections.unmodifiableMap(new TreeMap<>(activities));
        this.endings = Collections.unmodifiableMap(new TreeMap<>(endings));
    }

    /**
     * As stored.
     *
     * @throws IllegalArgumentException when a key differs from its activity's id or a limit is passed
     */
    public static LiveActivities of(Map<String, String> startTokens, Map<String, LiveActivity> activities) {
        return of(startTokens, activities, Map.of());
    }

    /**
     * As stored, with why the change that made them ended the activities it ended (kept on the token
     * item for the table's stream, which tells other systems why an activity ended).
     *
     * @throws IllegalArgumentException when a key differs from its activity's id or a limit is passed
     */
    public static LiveActivities of(Map<String, String> startTokens, Map<String, LiveActivity> activities,
                                    Map<String, LiveActivityEnding> endings) {
        Objects.requireNonNull(startTokens, "startTokens");
        Objects.requireNonNull(endings, "endings");
        Objects.requireNonNull(activities, "activities");
        activities.forEach((id, activity) -> {
            if (!id.equals(activity.activityId())) {
                throw new IllegalArgumentException("activity " + id + " holds " + activity.activityId());
            }
        });
        if (startTokens.size() > MAX_START_TOKENS || activities.size() > MAX_ACTIVITIES) {
            throw new IllegalArgumentException("a device holds at most " + MAX_START_TOKENS + " start tokens and "
                    + MAX_ACTIVITIES + " activities");
        }
        return startTokens.isEmpty() && activities.isEmpty() && endings.isEmpty() ? NONE
                : new LiveActivities(startTokens, activities, endings);
    }

    /** The push-to-start tokens by activity type (sorted, unmodifiable). */
    public Map<String, String> startTokens() {
        return startTokens;
    }

    /** The running activities by id (sorted, unmodifiable). */
    public Map<String, LiveActivity> activities() {
        return activities;
    }

    /**
     * Why the change that made these tokens ended the activities it ended, by id; empty for a change
     * that ended none. A later change may carry them on: only an activity that was there before a
     * change and is not after it ended then.
     */
    public Map<String, LiveActivityEnding> endings() {
        return endings;
    }

    /** Whether the device holds no start token and runs no activity. */
    public boolean isEmpty() {
        return startTokens.isEmpty() && activities.isEmpty();
    }

    /**
     * These tokens with the app's report applied: each type set to its token, or removed where the
     * report gives none; types the report does not name are kept.
     *
     * @param report start tokens by activity type, an empty value to remove one
     * @throws RegistryException {@code invalid_json} past {@value #MAX_START_TOKENS} types
     */
    public LiveActivities withStartTokens(Map<String, Optional<String>> report) {
        if (report.isEmpty()) {
            return this;
        }
        Map<String, String> changed = new TreeMap<>(startTokens);
        report.forEach((type, token) -> {
            if (token.isPresent()) {
                changed.put(type, token.get());
            } else {
                changed.remove(type);
            }
        });
        if (changed.size() > MAX_START_TOKENS) {
            throw RegistryException.invalidJson("live_activity_start_tokens",
                    "a device holds start tokens for at most " + MAX_START_TOKENS + " activity types");
        }
        return of(changed, activities);
    }

    /**
     * These activities with {@code activityId} registered under {@code token} at {@code at}: a new
     * activity, or a known one whose token iOS rotated. A device full of activities lets go of the one
     * registered longest ago.
     */
    public LiveActivities withActivity(String activityId, String activityType, String token, Instant at) {
        Map<String, LiveActivity> changed = new TreeMap<>(activities);
        LiveActivity known = changed.get(activityId);
        changed.put(activityId, known == null
                ? new LiveActivity(activityId, activityType, token, DeviceStatus.UNUSED, at, at)
                : known.withToken(token, activityType, at));
        Map<String, LiveActivityEnding> letGo = new TreeMap<>();
        while (changed.size() > MAX_ACTIVITIES) {
            changed.values().stream().filter(activity -> !activity.activityId().equals(activityId))
                    .min(Comparator.comparing(LiveActivity::updatedAt).thenComparing(LiveActivity::activityId))
                    .ifPresent(oldest -> {
                        changed.remove(oldest.activityId());
                        letGo.put(oldest.activityId(), LiveActivityEnding.APP);
                    });
        }
        return of(startTokens, changed, letGo);
    }

    /** These activities with {@code activityId}'s status set to {@code status}. */
    public LiveActivities withActivityStatus(String activityId, DeviceStatus status) {
        LiveActivity activity = activities.get(activityId);
        if (activity == null || activity.status() == status) {
            return this;
        }
        Map<String, LiveActivity> changed = new TreeMap<>(activities);
        changed.put(activityId, new LiveActivity(activityId, activity.activityType(), activity.token(), status,
                activity.createdAt(), activity.updatedAt()));
        return of(startTokens, changed);
    }

    /** These tokens without the push-to-start token of {@code activityType}. */
    public LiveActivities withoutStartToken(String activityType) {
        return withStartTokens(Map.of(activityType, Optional.empty()));
    }

    /** These activities without {@code activityId}, which the app said ended. */
    public LiveActivities withoutActivity(String activityId) {
        return withoutActivity(activityId, LiveActivityEnding.APP);
    }

    /** These activities without {@code activityId}, which ended for {@code why}. */
    public LiveActivities withoutActivity(String activityId, LiveActivityEnding why) {
        if (!activities.containsKey(activityId)) {
            return this;
        }
        Map<String, LiveActivity> changed = new TreeMap<>(activities);
        changed.remove(activityId);
        return of(startTokens, changed, Map.of(activityId, why));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LiveActivities that && startTokens.equals(that.startTokens)
                && activities.equals(that.activities) && endings.equals(that.endings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(startTokens, activities, endings);
    }

    @Override
    public String toString() {
        return "LiveActivities{startTypes=" + startTokens.keySet() + ", activities=" + activities.values() + "}";
    }
}
