package dev.pushregistry.core.sending;

import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.time.Timestamps;
import java.time.Instant;
import java.util.Objects;

/**
 * One push to one device, as planned: the registration it is addressed to (app, token, owner and
 * registration version), where it goes out and the message. A sender's verdict is applied only to
 * that registration.
 *
 * @param requestId the send request it belongs to
 * @param address the device: its app and token
 * @param apnsEnvironment the APNs endpoint of the token (production for other push services)
 * @param personId the owner when the delivery was planned
 * @param provider the push service that delivers it
 * @param platform the device's platform
 * @param registrationVersion the device's registration version when planned
 * @param message what to send
 */
public record Delivery(String requestId, DeviceAddress address, ApnsEnvironment apnsEnvironment, String personId,
                       Provider provider, Platform platform, long registrationVersion, PushMessage message,
                       String liveActivityToken) {
    public Delivery {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(apnsEnvironment, "apnsEnvironment");
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(message, "message");
        if ((liveActivityToken != null) != message.liveActivity().isPresent()) {
            throw new IllegalArgumentException("a Live Activity push, and only one, goes to a Live Activity token");
        }
    }

    /** The delivery of {@code message} to {@code device} as it is now. */
    public static Delivery plan(String requestId, Device device, PushMessage message) {
        return plan(requestId, device, message, null);
    }

    /**
     * The delivery of a Live Activity push to {@code device} as it is now, to {@code liveActivityToken}:
     * the device's push-to-start token for a start, an activity's update token otherwise.
     */
    public static Delivery plan(String requestId, Device device, PushMessage message, String liveActivityToken) {
        return new Delivery(requestId, device.address(), device.apnsEnvironment(), device.personId().orElseThrow(),
                device.provider(), device.platform(), device.registrationVersion(), message, liveActivityToken);
    }

    /** The token the push goes to: the Live Activity token of a Live Activity push, else the device's. */
    public String pushToken() {
        return liveActivityToken != null ? liveActivityToken : address.token();
    }

    /**
     * What the delivery's plan keeps of its target: the device's token, and for a Live Activity push
     * the token it goes to as well (a queued group that points a push elsewhere was not planned).
     */
    public String plannedTarget() {
        return liveActivityToken == null ? address.token() : address.token() + "#" + liveActivityToken;
    }

    public String token() {
        return address.token();
    }

    public String appId() {
        return address.appId();
    }

    /** The credentials and endpoint it goes out with. */
    public PushRoute route() {
        return new PushRoute(address.appId(), apnsEnvironment);
    }

    /** When the planned registration was made: versions are registration times in microseconds. */
    public Instant registeredAt() {
        return Timestamps.ofMicros(registrationVersion);
    }

    /** Whether {@code device} is still the registration this delivery was planned for. */
    public boolean addressedTo(Device device) {
        return device.address().equals(address) && device.isOwnedBy(personId)
                && device.registrationVersion() == registrationVersion;
    }
}
