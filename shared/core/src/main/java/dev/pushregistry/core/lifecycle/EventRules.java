package dev.pushregistry.core.lifecycle;

import dev.pushregistry.core.device.DeletionReason;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.LiveActivity;
import dev.pushregistry.core.device.LiveActivityEnding;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.sending.SendSummary;
import dev.pushregistry.core.time.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Which events a change of the table gives: one per change that took effect, so a write that
 * changed nothing an event is about (a register that only refreshes {@code last_used}, a push that
 * keeps a device {@code sent}) gives none.
 *
 * <ul>
 *   <li>a new device: {@code device.registered};</li>
 *   <li>a device whose owner changed: {@code device.moved} ({@code from}, null for an anonymous
 *       device, and {@code to}), or {@code device.logged_out} when it has no owner now;</li>
 *   <li>a device whose status changed: {@code device.bounced}, {@code device.suppressed}, or
 *       {@code device.reset} when a bounced or suppressed device is {@code unused} again; a device
 *       whose owner and status both changed gives both events;</li>
 *   <li>a deleted device: {@code device.deleted} with its reason, or {@code device.logged_out}
 *       ({@code deleted: true}) under the delete policy;</li>
 *   <li>a forgotten person: {@code person.forgotten}; a send request whose last delivery has its
 *       outcome: {@code send.completed} with the summary's counts;</li>
 *   <li>a Live Activity registered (new, or its token rotated): {@code live_activity.registered}; one
 *       that left its device: {@code live_activity.ended} with its reason ({@code app},
 *       {@code unregistered}, or {@code device_gone} when the device was deleted or moved).</li>
 * </ul>
 *
 * <p>An event's id is derived from the stream record and the type (a send's from its request id),
 * so reading a record again gives the same ids.
 */
public final class EventRules {
    private EventRules() {
    }

    /**
     * The events of one change of a record. {@link StreamChange.SendProgressed} and
     * {@link StreamChange.DeviceRemoved} give none here: the relay reads what they need (a summary,
     * a deletion note) and asks {@link #sendCompleted} or passes a {@link StreamChange.DeviceDeleted}.
     */
    public static List<RegistryEvent> eventsOf(ChangeRecord record, StreamChange change) {
        Objects.requireNonNull(record, "record");
        if (change instanceof StreamChange.DeviceWritten written) {
            return written(record, written);
        }
        if (change instanceof StreamChange.DeviceDeleted deleted) {
            List<RegistryEvent> events = new ArrayList<>();
            events.add(deleted(record, deleted));
            deleted.liveActivities().forEach(activity -> events.add(liveActivity(record, EventType.LIVE_ACTIVITY_ENDED,
                    deleted.at(), deleted.device(), deleted.owner(), activity, LiveActivityEnding.DEVICE_GONE)));
            return events;
        }
        if (change instanceof StreamChange.PersonForgotten forgotten) {
            return List.of(new RegistryEvent(id(record, EventType.PERSON_FORGOTTEN), EventType.PERSON_FORGOTTEN,
                    record.approximateAt(), Optional.empty(), Optional.of(forgotten.personId()), Optional.empty(),
                    Optional.of(record.sequence()), Map.of()));
        }
        return List.of();
    }

    /**
     * {@code send.completed} for a request whose summary is {@code done}; the id is the request's,
     * so the groups that finish together give one event id however many see it done.
     */
    public static Optional<RegistryEvent> sendCompleted(SendSummary summary, Instant at) {
        if (!summary.state().equals("done")) {
            return Optional.empty();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("request_id", summary.requestId());
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("targeted", summary.count("targeted"));
        new TreeMap<>(summary.counts()).forEach((name, count) -> counts.putIfAbsent(name, count));
        detail.put("counts", counts);
        return Optional.of(new RegistryEvent(uuid(EventType.SEND_COMPLETED.wire() + "/" + summary.requestId()),
                EventType.SEND_COMPLETED, at, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                detail));
    }

    private static List<RegistryEvent> written(ChangeRecord record, StreamChange.DeviceWritten written) {
        Device before = written.before();
        Device after = written.after();
        Instant registeredAt = Timestamps.truncate(Timestamps.ofMicros(after.registrationVersion()));
        List<RegistryEvent> events = new ArrayList<>();
        if (before == null) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("platform", after.platform().wire());
            detail.put("provider", after.provider().wire());
            if (after.provider() == Provider.APNS) {
                detail.put("apns_environment", after.apnsEnvironment().wire());
            }
            detail.put("push_enabled", after.pushEnabled());
            events.add(device(record, EventType.DEVICE_REGISTERED, registeredAt, after, after.personId(), detail));
            return events;
        }
        Optional<String> from = before.personId();
        Optional<String> to = after.personId();
        if (!from.equals(to)) {
            if (to.isPresent()) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("from", from.orElse(null));
                detail.put("to", to.get());
                events.add(device(record, EventType.DEVICE_MOVED, registeredAt, after, to, detail));
            } else {
                events.add(device(record, EventType.DEVICE_LOGGED_OUT, registeredAt, after, from,
                        Map.of("deleted", false)));
            }
        }
        DeviceStatus was = before.status();
        DeviceStatus is = after.status();
        if (was != is) {
            EventType type = switch (is) {
                case BOUNCED -> EventType.DEVICE_BOUNCED;
                case SUPPRESSED -> EventType.DEVICE_SUPPRESSED;
                case UNUSED -> was == DeviceStatus.BOUNCED || was == DeviceStatus.SUPPRESSED ? EventType.DEVICE_RESET : null;
                case SENT -> null;
            };
            if (type != null) {
                Instant at = after.registrationVersion() != before.registrationVersion() ? registeredAt
                        : record.approximateAt();
                events.add(device(record, type, at, after, to, Map.of("previous_status", was.wire())));
            }
        }
        liveActivities(record, before, after, registeredAt, events);
        return events;
    }

    /**
     * {@code live_activity.registered} for each activity the change added or gave a new token, and
     * {@code live_activity.ended} for each it took away: because the device moved to another person or
     * left iOS ({@code device_gone}), else for the reason the change recorded.
     */
    private static void liveActivities(ChangeRecord record, Device before, Device after, Instant at,
                                       List<RegistryEvent> events) {
        Map<String, LiveActivity> was = before == null ? Map.of() : before.liveActivities().activities();
        Map<String, LiveActivity> is = after.liveActivities().activities();
        Optional<String> owner = after.personId();
        boolean gone = before != null && !before.personId().equals(owner);
        was.forEach((id, activity) -> {
            if (!is.containsKey(id)) {
                LiveActivityEnding why = gone ? LiveActivityEnding.DEVICE_GONE
                        : after.liveActivities().endings().getOrDefault(id, LiveActivityEnding.DEVICE_GONE);
                events.add(liveActivity(record, EventType.LIVE_ACTIVITY_ENDED, at, after.address(),
                        gone ? before.personId() : owner, activity, why));
            }
        });
        is.forEach((id, activity) -> {
            LiveActivity known = was.get(id);
            if (known == null || !known.token().equals(activity.token())) {
                events.add(liveActivity(record, EventType.LIVE_ACTIVITY_REGISTERED, at, after.address(), owner, activity,
                        null));
            }
        });
    }

    private static RegistryEvent liveActivity(ChangeRecord record, EventType type, Instant at, DeviceAddress device,
                                              Optional<String> personId, LiveActivity activity, LiveActivityEnding why) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("activity_id", activity.activityId());
        detail.put("activity_type", activity.activityType());
        if (why != null) {
            detail.put("reason", why.wire());
        }
        return new RegistryEvent(uuid(record.recordId() + "/" + type.wire() + "/" + activity.activityId()), type, at,
                Optional.of(device.appId()), personId, Optional.of(device.token()), Optional.of(record.sequence()),
                detail);
    }

    private static RegistryEvent deleted(ChangeRecord record, StreamChange.DeviceDeleted deleted) {
        EventType type = deleted.reason() == DeletionReason.LOGGED_OUT ? EventType.DEVICE_LOGGED_OUT
                : EventType.DEVICE_DELETED;
        Map<String, Object> detail = new LinkedHashMap<>();
        if (type == EventType.DEVICE_LOGGED_OUT) {
            detail.put("deleted", true);
        } else {
            detail.put("reason", deleted.reason().wire());
            deleted.replacedBy().ifPresent(token -> detail.put("replaced_by", token));
        }
        return new RegistryEvent(id(record, type), type, deleted.at(), Optional.of(deleted.device().appId()),
                deleted.owner(), Optional.of(deleted.device().token()), Optional.of(record.sequence()), detail);
    }

    private static RegistryEvent device(ChangeRecord record, EventType type, Instant at, Device device,
                                        Optional<String> personId, Map<String, Object> detail) {
        return new RegistryEvent(id(record, type), type, at, Optional.of(device.appId()), personId,
                Optional.of(device.token()), Optional.of(record.sequence()), detail);
    }

    private static String id(ChangeRecord record, EventType type) {
        return uuid(record.recordId() + "/" + type.wire());
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
