package dev.pushregistry.core.sending;

import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.validation.PersonIds;
import dev.pushregistry.core.validation.TokenFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One send: a message for one or more people, narrowed to a target, a token or platforms. The
 * request id makes it idempotent: however often the same id arrives, each device gets the push at
 * most once. Built with {@link #builder()}, which checks every field.
 */
public final class SendRequest {
    /** The most people one request may name. */
    public static final int MAX_PEOPLE = 100;
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private final String requestId;
    private final List<String> personIds;
    private final SendTarget target;
    private final String token;
    private final Set<Platform> platforms;
    private final Set<String> apps;
    private final boolean transactional;
    private final PushMessage message;

    private SendRequest(Builder builder) {
        this.requestId = builder.requestId;
        this.personIds = List.copyOf(builder.personIds);
        this.target = builder.target;
        this.token = builder.token;
        this.platforms = Set.copyOf(builder.platforms);
        this.apps = Set.copyOf(builder.apps);
        this.transactional = builder.transactional;
        this.message = builder.message;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String requestId() {
        return requestId;
    }

    /** The people to send to, without repeats, in the order given. */
    public List<String> personIds() {
        return personIds;
    }

    public SendTarget target() {
        return target;
    }

    /** The one device to send to, when the request names it. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** The platforms allowed (all of them unless the request narrows them). */
    public Set<Platform> platforms() {
        return platforms;
    }

    /** The apps whose devices it reaches; empty for every app. */
    public Set<String> apps() {
        return apps;
    }

    /** A transactional send (receipt, password reset) reaches people who unsubscribed from campaigns. */
    public boolean transactional() {
        return transactional;
    }

    public PushMessage message() {
        return message;
    }

    /**
     * The same request as accepted at {@code accepted}: a Live Activity push carries that time as its
     * {@code aps.timestamp}, the same on every retry.
     */
    public SendRequest acceptedAt(Instant accepted) {
        if (message.liveActivity().isEmpty()) {
            return this;
        }
        return builder().requestId(requestId).personIds(personIds).target(target).token(token).platforms(platforms)
                .apps(apps).transactional(transactional).message(message.acceptedAt(accepted)).build();
    }

    /** Collects a request's fields; {@link #build()} checks them. */
    public static final class Builder {
        private String requestId;
        private List<String> personIds = new ArrayList<>();
        private SendTarget target = SendTarget.ALL;
        private String token;
        private Set<Platform> platforms = EnumSet.allOf(Platform.class);
        private Set<String> apps = Set.of();
        private boolean transactional;
        private PushMessage message;

        private Builder() {
        }

        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        public Builder personIds(List<String> personIds) {
            this.personIds = new ArrayList<>(personIds);
            return this;
        }

        /** {@code null} means the default, {@link SendTarget#ALL}. */
        public Builder target(SendTarget target) {
            this.target = target == null ? SendTarget.ALL : target;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** {@code null} means every platform. */
        public Builder platforms(Set<Platform> platforms) {
            this.platforms = platforms == null ? EnumSet.allOf(Platform.class) : EnumSet.copyOf(platforms);
            return this;
        }

        /**
         * The apps whose devices it reaches ({@code null} or empty: every app); whether the
         * deployment serves them is checked where the request is read.
         */
        public Builder apps(Set<String> apps) {
            this.apps = apps == null ? Set.of() : new LinkedHashSet<>(apps);
            return this;
        }

        public Builder transactional(boolean transactional) {
            this.transactional = transactional;
            return this;
        }

        public Builder message(PushMessage message) {
            this.message = message;
            return this;
        }

        /** @throws RegistryException naming the field that is missing or wrong */
        public SendRequest build() {
            if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
                throw RegistryException.invalidJson("request_id",
                        "request_id must be 1 to 128 letters, digits, '.', '_', ':' or '-'");
            }
            if (personIds.isEmpty()) {
                throw RegistryException.missingField("person_id");
            }
            if (personIds.size() > MAX_PEOPLE) {
                throw RegistryException.invalidJson("person_ids", "person_ids must name at most " + MAX_PEOPLE + " people");
            }
            Set<String> distinct = new LinkedHashSet<>();
            for (String personId : personIds) {
                distinct.add(PersonIds.check(personId, personIds.size() == 1 ? "person_id" : "person_ids"));
            }
            personIds = new ArrayList<>(distinct);
            if (token != null) {
                if (personIds.size() != 1) {
                    throw RegistryException.invalidJson("token", "token picks a device of one person: use person_id");
                }
                TokenFormat.check(token, null, "token");
            }
            for (String app : apps) {
                if (!Apps.isAppId(app)) {
                    throw new RegistryException(ErrorCode.INVALID_APP, "apps must name apps of this deployment",
                            "apps");
                }
            }
            if (platforms.isEmpty()) {
                throw RegistryException.invalidJson("platforms", "platforms must name at least one platform");
            }
            if (message == null) {
                throw RegistryException.missingField("message");
            }
            Objects.requireNonNull(target, "target");
            return new SendRequest(this);
        }
    }
}
