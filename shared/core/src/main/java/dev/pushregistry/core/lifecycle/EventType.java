package dev.pushregistry.core.lifecycle;

/** What an event says happened; its {@link #wire() name} is the event's type and EventBridge detail-type. */
public enum EventType {
    /** A token was registered for the first time (or again after it was deleted). */
    DEVICE_REGISTERED("device.registered"),
    /** A token got an owner: a person logged in on the device ({@code from} is absent for an anonymous device). */
    DEVICE_MOVED("device.moved"),
    /** The owner logged out: the device is anonymous now, or deleted under the delete policy. */
    DEVICE_LOGGED_OUT("device.logged_out"),
    /** The device is gone, with the reason. */
    DEVICE_DELETED("device.deleted"),
    /** The push service refused the token once. */
    DEVICE_BOUNCED("device.bounced"),
    /** The push service refused the token twice in a row: pushes to it stopped. */
    DEVICE_SUPPRESSED("device.suppressed"),
    /** A bounced or suppressed device is eligible again (its owner logged in on it). */
    DEVICE_RESET("device.reset"),
    /** A person and everything about them were deleted. */
    PERSON_FORGOTTEN("person.forgotten"),
    /** Every delivery of a send request has its outcome. */
    SEND_COMPLETED("send.completed"),
    /** A device's app registered a Live Activity's update token (a new activity, or a rotated token). */
    LIVE_ACTIVITY_REGISTERED("live_activity.registered"),
    /** A Live Activity left its device: the app ended it, APNs refused its token, or the device went. */
    LIVE_ACTIVITY_ENDED("live_activity.ended");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    /** The type as published, such as {@code device.moved}. */
    public String wire() {
        return wire;
    }
}
