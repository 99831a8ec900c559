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
                       Provider provider, Platform platform, long registrationVersion, PushMessage message) {
    public Delivery {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(apnsEnvironment, "apnsEnvironment");
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(message, "message");
    }

    /** The delivery of {@code message} to {@code device} as it is now. */
    public static Delivery plan(String requestId, Device device, PushMessage message) {
        return new Delivery(requestId, device.address(), device.apnsEnvironment(), device.personId().orElseThrow(),
                device.provider(), device.platform(), device.registrationVersion(), message);
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
