package dev.pushregistry.core.registry;

import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.LiveActivities;
import dev.pushregistry.core.device.LiveActivity;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The update tokens of a device's running iOS Live Activities, as its app reports them: an activity
 * registered (or its token rotated) and an activity the app saw end. Each is a change of the device
 * like any other: conditioned on the device as read, with a new registration version, so a change
 * that moves the device to another person, logs it out or removes it never loses to it or lets it
 * outlive the move.
 */
public final class LiveActivityRegistry {
    private final RegistryStore store;
    private final OptimisticRetry retry;

    public LiveActivityRegistry(RegistryStore store, RegistrySettings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.retry = new OptimisticRetry(settings.maxAttempts());
    }

    /**
     * Sets the activity's update token on the device: a new activity, or a known one with a rotated
     * token.
     *
     * @param ownerCheck whether the request may change the owner's device for them
     * @return the activity as registered, and the device it is on
     * @throws RegistryException {@code not_found} for a device the registry does not hold,
     *     {@code invalid_platform} for one not on iOS
     */
    public Registered register(LiveActivityCommand command, OwnerCheck ownerCheck, Instant now) {
        return retry.run(attempt -> {
            Device device = deviceFor(command.device(), ownerCheck, now);
            Device changed = apply(device, attempt, now, (tokens, at) -> tokens.withActivity(command.activityId(),
                    command.activityType(), command.token(), at));
            return new Registered(changed, changed.liveActivities().activities().get(command.activityId()));
        });
    }

    /**
     * Removes the activity from the device, if it is there.
     *
     * @return whether anything changed
     * @throws RegistryException {@code not_found} for a device the registry does not hold
     */
    public boolean end(DeviceAddress address, String activityId, OwnerCheck ownerCheck, Instant now) {
        return retry.run(attempt -> {
            Device device = deviceFor(address, ownerCheck, now);
            if (!device.liveActivities().activities().containsKey(activityId)) {
                return false;
            }
            apply(device, attempt, now, (tokens, at) -> tokens.withoutActivity(activityId));
            return true;
        });
    }

    /**
     * Writes {@code device} with its Live Activity tokens changed by {@code change} (given the change's
     * time), as a new registration, on condition that it is still as read.
     *
     * @return the device as written
     */
    private Device apply(Device device, OptimisticRetry.Attempt attempt, Instant now,
                         BiFunction<LiveActivities, Instant, LiveActivities> change) {
        RegistryChange.Builder write = RegistryChange.withVersion(attempt.versionAfter(now, device.registrationVersion()));
        Device changed = device.toBuilder().liveActivities(change.apply(device.liveActivities(), write.at()))
                .registrationVersion(write.version()).build();
        store.apply(write.replace(device, changed).build());
        return changed;
    }

    private Device deviceFor(DeviceAddress address, OwnerCheck ownerCheck, Instant now) {
        Device device = store.findDevice(address, now).orElseThrow(() -> new RegistryException(ErrorCode.NOT_FOUND,
                "no device with this token in app " + address.appId(), "device_token"));
        if (device.platform() != Platform.IOS) {
            throw new RegistryException(ErrorCode.INVALID_PLATFORM, "live activities run on ios devices",
                    "device_token");
        }
        device.personId().ifPresent(ownerCheck::allow);
        return device;
    }

    /**
     * An activity as registered.
     *
     * @param device the device it is on, as the change left it
     */
    public record Registered(Device device, LiveActivity activity) {
    }
}
