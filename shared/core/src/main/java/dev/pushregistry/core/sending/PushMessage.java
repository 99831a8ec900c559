package dev.pushregistry.core.sending;

import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a send shows (or, for a background push, hands silently to the app): the same for every
 * device of a send, mapped to each push service's own format by {@code PushPayloads} and the
 * senders. Built with {@link #builder()}, which checks every field; the size of the encoded push
 * is checked where it is encoded ({@code PushPayloads.requireFits}), since it depends on the push
 * service.
 */
public final class PushMessage {
    /** The largest payload APNs and FCM accept for a regular push, in bytes. */
    public static final int MAX_PAYLOAD_BYTES = 4096;
    /** The longest lifetime FCM accepts (28 days); APNs keeps pushes for about as long. */
    public static final int MAX_TTL_SECONDS = 28 * 24 * 3600;
    /** The longest collapse key APNs accepts ({@code apns-collapse-id}), in bytes. */
    public static final int MAX_COLLAPSE_KEY_BYTES = 64;

    /** Data keys that APNs or FCM keep for themselves. */
    private static final Set<String> RESERVED_DATA_KEYS =
            Set.of("aps", "from", "notification", "message_type", "collapse_key", "deep_link", "image_url");

    private final String title;
    private final String body;
    private final String deepLink;
    private final String imageUrl;
    private final Map<String, String> data;
    private final Integer badge;
    private final String sound;
    private final String collapseKey;
    private final String threadId;
    private final String category;
    private final Integer ttlSeconds;
    private final Priority priority;
    private final boolean background;
    private final LiveActivityPush liveActivity;
    /** The hash code once computed ({@code 0} until then); racy but safe, like {@link String}'s. */
    private int hash;

    private PushMessage(Builder builder) {
        this.title = builder.title;
        this.body = builder.body;
        this.deepLink = builder.deepLink;
        this.imageUrl = builder.imageUrl;
        this.data = Map.copyOf(builder.data);
        this.badge = builder.badge;
        this.sound = builder.sound;
        this.collapseKey = builder.collapseKey;
        this.threadId = builder.threadId;
        this.category = builder.category;
        this.ttlSeconds = builder.ttlSeconds;
        this.priority = builder.priority;
        this.background = builder.background;
        this.liveActivity = builder.liveActivity;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> title() {
        return Optional.ofNullable(title);
    }

    public Optional<String> body() {
        return Optional.ofNullable(body);
    }

    /** Where the app should take the user when the push is opened. */
    public Optional<String> deepLink() {
        return Optional.ofNullable(deepLink);
    }

    /** An image to show with the push (APNs: needs the app's notification service extension). */
    public Optional<String> imageUrl() {
        return Optional.ofNullable(imageUrl);
    }

    /** Key-value pairs handed to the app. */
    public Map<String, String> data() {
        return data;
    }

    public Optional<Integer> badge() {
        return Optional.ofNullable(badge);
    }

    public Optional<String> sound() {
        return Optional.ofNullable(sound);
    }

    /** Pushes with the same key replace each other on the device. */
    public Optional<String> collapseKey() {
        return Optional.ofNullable(collapseKey);
    }

    /** APNs thread (notification grouping). */
    public Optional<String> threadId() {
        return Optional.ofNullable(threadId);
    }

    /** APNs category / Android click action: which actions the notification offers. */
    public Optional<String> category() {
        return Optional.ofNullable(category);
    }

    /** How long the push service keeps trying to deliver; absent means the service's default. */
    public Optional<Integer> ttlSeconds() {
        return Optional.ofNullable(ttlSeconds);
    }

    /** The requested priority; background pushes always go at {@link Priority#NORMAL} on APNs. */
    public Priority priority() {
        return priority;
    }

    /** A silent push that wakes the app without showing anything. */
    public boolean background() {
        return background;
    }

    /** What the push does to an iOS Live Activity, when it is a Live Activity push. */
    public Optional<LiveActivityPush> liveActivity() {
        return Optional.ofNullable(liveActivity);
    }

    /** The same message for a send request accepted at {@code accepted} ({@code aps.timestamp}). */
    public PushMessage acceptedAt(Instant accepted) {
        if (liveActivity == null) {
            return this;
        }
        Builder copy = new Builder(this);
        copy.liveActivity = liveActivity.acceptedAt(accepted);
        return copy.build();
    }

    /** Whether anything is shown to the user (title or body, and not a background push). */
    public boolean visible() {
        return !background;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof PushMessage that)) {
            return false;
        }
        return background == that.background && Objects.equals(title, that.title) && Objects.equals(body, that.body)
                && Objects.equals(deepLink, that.deepLink) && Objects.equals(imageUrl, that.imageUrl)
                && data.equals(that.data) && Objects.equals(badge, that.badge) && Objects.equals(sound, that.sound)
                && Objects.equals(collapseKey, that.collapseKey) && Objects.equals(threadId, that.threadId)
                && Objects.equals(category, that.category) && Objects.equals(ttlSeconds, that.ttlSeconds)
                && priority == that.priority && Objects.equals(liveActivity, that.liveActivity);
    }

    /** Computed once: senders look payloads up by message for every push. */
    /**
     * A stable fingerprint of everything the message pushes: the first 8 bytes of a SHA-256 over its
     * fields, each written with its length (data by key order), so equal messages always share it
     * and a changed field changes it. Dispatch stores it with each group it plans, and a sender
     * refuses a queued group whose message does not have it.
     */
    public long fingerprint() {
        MessageDigest sha256 = sha256();
        for (String field : new String[] {title, body, deepLink, imageUrl, sound, collapseKey, threadId, category,
                badge == null ? null : badge.toString(), ttlSeconds == null ? null : ttlSeconds.toString(),
                priority == null ? null : priority.name(), Boolean.toString(background)}) {
            digestField(sha256, field);
        }
        new TreeMap<>(data).forEach((key, value) -> {
            digestField(sha256, key);
            digestField(sha256, value);
        });
        if (liveActivity != null) {
            // only a Live Activity push digests these, so every other message keeps its fingerprint
            for (String field : new String[] {"live_activity", liveActivity.event().wire(),
                    liveActivity.activityId().orElse(null), liveActivity.activityType().orElse(null),
                    liveActivity.attributesJson().orElse(null), liveActivity.contentStateJson().orElse(null),
                    liveActivity.staleDate().map(Instant::toString).orElse(null),
                    liveActivity.dismissalDate().map(Instant::toString).orElse(null),
                    liveActivity.relevanceScore().map(String::valueOf).orElse(null),
                    liveActivity.timestamp().map(Instant::toString).orElse(null)}) {
                digestField(sha256, field);
            }
        }
        byte[] digest = sha256.digest();
        long value = 0;
        for (int index = 0; index < Long.BYTES; index++) {
            value = (value << 8) | (digest[index] & 0xff);
        }
        return value;
    }

    private static void digestField(MessageDigest sha256, String field) {
        if (field == null) {
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(-1).array());
            return;
        }
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha256.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("every JVM has SHA-256", missing);
        }
    }

    @Override
    public int hashCode() {
        int hash = this.hash;
        if (hash == 0) {
            hash = Objects.hash(title, body, deepLink, imageUrl, data, badge, sound, collapseKey, threadId, category,
                    ttlSeconds, priority, background, liveActivity);
            this.hash = hash;
        }
        return hash;
    }

    /**
     * Collects a message's fields; {@link #build()} checks them. Field names in errors are the JSON
     * names under {@code message}.
     */
    public static final class Builder {
        private String title;
        private String body;
        private String deepLink;
        private String imageUrl;
        private Map<String, String> data = new LinkedHashMap<>();
        private Integer badge;
        private String sound;
        private String collapseKey;
        private String threadId;
        private String category;
        private Integer ttlSeconds;
        private Priority priority = Priority.HIGH;
        private boolean background;
        private LiveActivityPush liveActivity;

        private Builder() {
        }

        private Builder(PushMessage message) {
            this.title = message.title;
            this.body = message.body;
            this.deepLink = message.deepLink;
            this.imageUrl = message.imageUrl;
            this.data = new LinkedHashMap<>(message.data);
            this.badge = message.badge;
            this.sound = message.sound;
            this.collapseKey = message.collapseKey;
            this.threadId = message.threadId;
            this.category = message.category;
            this.ttlSeconds = message.ttlSeconds;
            this.priority = message.priority;
            this.background = message.background;
            this.liveActivity = message.liveActivity;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder body(String body) {
            this.body = body;
            return this;
        }

        public Builder deepLink(String deepLink) {
            this.deepLink = deepLink;
            return this;
        }

        public Builder imageUrl(String imageUrl) {
            this.imageUrl = imageUrl;
            return this;
        }

        public Builder data(Map<String, String> data) {
            this.data = new LinkedHashMap<>(data == null ? Map.of() : data);
            return this;
        }

        public Builder badge(Integer badge) {
            this.badge = badge;
            return this;
        }

        public Builder sound(String sound) {
            this.sound = sound;
            return this;
        }

        public Builder collapseKey(String collapseKey) {
            this.collapseKey = collapseKey;
            return this;
        }

        public Builder threadId(String threadId) {
            this.threadId = threadId;
            return this;
        }

        public Builder category(String category) {
            this.category = category;
            return this;
        }

        public Builder ttlSeconds(Integer ttlSeconds) {
            this.ttlSeconds = ttlSeconds;
            return this;
        }

        /** {@code null} means the default, {@link Priority#HIGH}. */
        public Builder priority(Priority priority) {
            this.priority = priority == null ? Priority.HIGH : priority;
            return this;
        }

        public Builder background(boolean background) {
            this.background = background;
            return this;
        }

        /**
         * @throws RegistryException {@code missing_field} for a visible push without title or body,
         *     {@code invalid_json} for an impossible value (the size of the encoded push is checked
         *     where it is encoded: {@code PushPayloads.requireFits}, which every send request passes)
         */
        /** What the push does to an iOS Live Activity, or {@code null} for an ordinary push. */
        public Builder liveActivity(LiveActivityPush liveActivity) {
            this.liveActivity = liveActivity;
            return this;
        }

        public PushMessage build() {
            if (liveActivity != null) {
                if (background) {
                    throw RegistryException.invalidJson("message.background", "a Live Activity push is not a background push");
                }
                if (liveActivity.event() == LiveActivityPush.Event.START && blank(title)) {
                    throw new RegistryException(ErrorCode.MISSING_FIELD,
                            "a Live Activity start shows an alert: it needs message.title", "message.title");
                }
            } else if (!background && blank(title) && blank(body)) {
                throw new RegistryException(ErrorCode.MISSING_FIELD,
                        "a visible push needs message.title or message.body (or set message.background)",
                        "message.title");
            }
            if (badge != null && badge < 0) {
                throw RegistryException.invalidJson("message.badge", "message.badge must be 0 or more");
            }
            if (ttlSeconds != null && (ttlSeconds < 0 || ttlSeconds > MAX_TTL_SECONDS)) {
                throw RegistryException.invalidJson("message.ttl_seconds",
                        "message.ttl_seconds must be between 0 and " + MAX_TTL_SECONDS);
            }
            if (collapseKey != null && collapseKey.getBytes(StandardCharsets.UTF_8).length > MAX_COLLAPSE_KEY_BYTES) {
                throw RegistryException.invalidJson("message.collapse_key",
                        "message.collapse_key must be at most " + MAX_COLLAPSE_KEY_BYTES + " bytes");
            }
            if (imageUrl != null && !isWebAddress(imageUrl)) {
                throw RegistryException.invalidJson("message.image_url", "message.image_url must be an http(s) URL");
            }
            for (String key : data.keySet()) {
                if (key.isEmpty() || RESERVED_DATA_KEYS.contains(key) || key.startsWith("google.")
                        || key.startsWith("gcm.")) {
                    throw RegistryException.invalidJson("message.data." + key,
                            "message.data must not use the key '" + key + "': it is empty or kept by the push service");
                }
            }
            PushMessage message = new PushMessage(this);
            return message;
        }

        private static boolean blank(String value) {
            return value == null || value.isBlank();
        }

        private static boolean isWebAddress(String value) {
            try {
                URI uri = new URI(value);
                return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                        && uri.getHost() != null;
            } catch (URISyntaxException notAUri) {
                return false;
            }
        }
    }
}
