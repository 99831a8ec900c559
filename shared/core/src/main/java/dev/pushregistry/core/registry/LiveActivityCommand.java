package dev.pushregistry.core.registry;

import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.LiveActivity;
import java.util.Objects;

/**
 * An app reports a Live Activity's update token ({@code POST /v1/live-activities}).
 *
 * @param device the device the activity runs on
 * @param activityId the id the app gave the activity
 * @param activityType its {@code ActivityAttributes} type name
 * @param token the update token iOS handed out for it
 */
public record LiveActivityCommand(DeviceAddress device, String activityId, String activityType, String token) {
    public LiveActivityCommand {
        Objects.requireNonNull(device, "device");
        LiveActivity.requireActivityId(activityId, "activity_id");
        LiveActivity.requireActivityType(activityType, "activity_type");
        LiveActivity.requireToken(token, "token");
    }
}
