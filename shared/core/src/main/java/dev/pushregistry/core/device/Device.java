package dev.pushregistry.core.device;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One push token of one app on one phone or browser, with its owner and the state a sender needs.
 * It is named by its {@link #address()}: its app and token.
 *
 * <p>{@link #registrationVersion()} identifies the registration: it changes on every register,
 * identify, move and logout, so a sender's verdict about an earlier registration can be refused by
 * a conditional write. It is the version of the change that made the registration: its time in
 * microseconds since the epoch, moved past the version it replaces, so it only grows for a token.
 */
public final class Device {
    private final String appId;
    private final String token;
    private final ApnsEnvironment apnsEnvironment;
    private final Platform platform;
    private final Provider provider;
    private final String personId;
    private final boolean pushEnabled;
    private final DeviceStatus status;
    private final Instant lastUsed;
    private final Instant createdAt;
    private final Map<String, String> attributes;
    private final long registrationVersion;
    private final String lastRequest;
    private final LiveActivities liveActivities;

    private Device(Builder builder) {
        this.appId = builder.appId;
        this.token = builder.token;
        this.apnsEnvironment = builder.apnsEnvironment;
        this.platform = builder.platform;
        this.provider = builder.provider;
        this.personId = builder.personId;
        this.pushEnabled = builder.pushEnabled;
        this.status = builder.status;
        this.lastUsed = builder.lastUsed;
        this.createdAt = builder.createdAt;
        this.attributes = builder.attributes;
        this.registrationVersion = builder.registrationVersion;
        this.lastRequest = builder.lastRequest;
        this.liveActivities = builder.liveActivities;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this device. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The app that registered the device. */
    public String appId() {
        return appId;
    }

    public String token() {
        return token;
    }

    /** What names the device: its app and token. */
    public DeviceAddress address() {
        return new DeviceAddress(appId, token);
    }

    /**
     * The APNs endpoint the token belongs to; always {@link ApnsEnvironment#PRODUCTION} for a device
     * that does not use APNs.
     */
    public ApnsEnvironment apnsEnvironment() {
        return apnsEnvironment;
    }

    public Platform platform() {
        return platform;
    }

    public Provider provider() {
        return provider;
    }

    /** The owner, empty for an anonymous device. */
    public Optional<String> personId() {
        return Optional.ofNullable(personId);
    }

    public boolean isOwnedBy(String person) {
        return personId != null && personId.equals(person);
    }

    public boolean pushEnabled() {
        return pushEnabled;
    }

    public DeviceStatus status() {
        return status;
    }

    public Instant lastUsed() {
        return lastUsed;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** App, OS and device attributes the app reported (unmodifiable). */
    public Map<String, String> attributes() {
        return attributes;
    }

    public long registrationVersion() {
        return registrationVersion;
    }

    /**
     * The send request whose push last changed this registration's status, if one did: a delivery of
     * that request that finds it here knows that an earlier attempt already pushed and decided it.
     */
    public Optional<String> lastRequest() {
        return Optional.ofNullable(lastRequest);
    }

    /** The device's iOS Live Activity tokens: push-to-start tokens and running activities. */
    public LiveActivities liveActivities() {
        return liveActivities;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Device)) {
            return false;
        }
        Device that = (Device) other;
        return pushEnabled == that.pushEnabled
                && registrationVersion == that.registrationVersion
                && appId.equals(that.appId)
                && token.equals(that.token)
                && apnsEnvironment == that.apnsEnvironment
                && platform == that.platform
                && provider == that.provider
                && Objects.equals(personId, that.personId)
                && status == that.status
                && lastUsed.equals(that.lastUsed)
                && createdAt.equals(that.createdAt)
                && attributes.equals(that.attributes)
                && Objects.equals(lastRequest, that.lastRequest)
                && liveActivities.equals(that.liveActivities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(appId, token, personId, registrationVersion);
    }

    /** Never prints the token in full: tokens are personal data. */
    @Override
    public String toString() {
        return "Device{app=" + appId + ", token=" + TokenMask.mask(token) + ", platform=" + platform.wire()
                + ", provider=" + provider.wire() + ", owned=" + (personId != null)
                + ", status=" + status.stored() + ", registrationVersion=" + registrationVersion + "}";
    }

    /** Builds a {@link Device}; {@link #build()} checks that every required part is there. */
    public static final class Builder {
        private String appId;
        private String token;
        private ApnsEnvironment apnsEnvironment = ApnsEnvironment.PRODUCTION;
        private Platform platform;
        private Provider provider;
        private String personId;
        private boolean pushEnabled = true;
        private DeviceStatus status = DeviceStatus.UNUSED;
        private Instant lastUsed;
        private Instant createdAt;
        private Map<String, String> attributes = Map.of();
        private long registrationVersion;
        private String lastRequest;
        private LiveActivities liveActivities = LiveActivities.NONE;

        private Builder() {
        }

        private Builder(Device device) {
            this.appId = device.appId;
            this.token = device.token;
            this.apnsEnvironment = device.apnsEnvironment;
            this.platform = device.platform;
            this.provider = device.provider;
            this.personId = device.personId;
            this.pushEnabled = device.pushEnabled;
            this.status = device.status;
            this.lastUsed = device.lastUsed;
            this.createdAt = device.createdAt;
            this.attributes = device.attributes;
            this.registrationVersion = device.registrationVersion;
            this.lastRequest = device.lastRequest;
            this.liveActivities = device.liveActivities;
        }

        public Builder appId(String appId) {
            this.appId = appId;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** The APNs endpoint of the token; {@link #build()} makes it production for a device not on APNs. */
        public Builder apnsEnvironment(ApnsEnvironment apnsEnvironment) {
            this.apnsEnvironment = apnsEnvironment;
            return this;
        }

        public Builder platform(Platform platform) {
            this.platform = platform;
            return this;
        }

        public Builder provider(Provider provider) {
            this.provider = provider;
            return this;
        }

        /** The owner, or {@code null} for an anonymous device. */
        public Builder personId(String personId) {
            this.personId = personId;
            return this;
        }

        public Builder pushEnabled(boolean pushEnabled) {
            this.pushEnabled = pushEnabled;
            return this;
        }

        public Builder status(DeviceStatus status) {
            this.status = status;
            return this;
        }

        public Builder lastUsed(Instant lastUsed) {
            this.lastUsed = lastUsed;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder attributes(Map<String, String> attributes) {
            this.attributes = attributes;
            return this;
        }

        /** Another registration starts without the mark of the request that changed the previous one's status. */
        public Builder registrationVersion(long registrationVersion) {
            if (registrationVersion != this.registrationVersion) {
                this.lastRequest = null;
            }
            this.registrationVersion = registrationVersion;
            return this;
        }

        /**
         * The send request whose push last changed this registration's status, or {@code null} for
         * none; set after {@link #registrationVersion(long)}.
         */
        public Builder lastRequest(String lastRequest) {
            this.lastRequest = lastRequest;
            return this;
        }

        /** The device's Live Activity tokens ({@link LiveActivities#NONE} unless set). */
        public Builder liveActivities(LiveActivities liveActivities) {
            this.liveActivities = liveActivities;
            return this;
        }

        /**
         * @throws IllegalStateException when a required part is missing or the provider cannot
         *     serve the platform
         */
        public Device build() {
            require(appId != null && !appId.isEmpty(), "appId");
            require(token != null && !token.isEmpty(), "token");
            require(apnsEnvironment != null, "apnsEnvironment");
            require(platform != null, "platform");
            require(provider != null, "provider");
            require(platform.supports(provider), "a provider that serves " + platform.wire());
            require(status != null, "status");
            require(lastUsed != null, "lastUsed");
            require(createdAt != null, "createdAt");
            require(attributes != null, "attributes");
            require(registrationVersion > 0, "a positive registrationVersion");
            require(personId == null || !personId.isEmpty(), "a non-empty personId or none");
            require(liveActivities != null, "its live activities (none, at least)");
            require(liveActivities.isEmpty() || platform == Platform.IOS, "no live activities unless on ios");
            attributes = Map.copyOf(attributes);
            if (provider != Provider.APNS) {
                apnsEnvironment = ApnsEnvironment.PRODUCTION;
            }
            return new Device(this);
        }

        private static void require(boolean condition, String what) {
            if (!condition) {
                throw new IllegalStateException("a device needs " + what);
            }
        }
    }
}
