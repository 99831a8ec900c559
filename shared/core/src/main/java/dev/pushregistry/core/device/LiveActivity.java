package dev.pushregistry.core.device;

import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One running iOS Live Activity on a device: the id the app gave it, its activity type (the app's
 * {@code ActivityAttributes} type name), the APNs update token iOS handed out for it, and what the
 * last push to it did ({@link DeviceStatus#UNUSED} or {@link DeviceStatus#SENT}: a token APNs refuses
 * ends the activity rather than bouncing anything).
 *
 * @param createdAt when the app first registered the activity on this device
 * @param updatedAt when its token was last registered (iOS rotates them)
 */
public record LiveActivity(String activityId, String activityType, String token, DeviceStatus status,
                           Instant createdAt, Instant updatedAt) {
    private static final Pattern ACTIVITY_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern ACTIVITY_TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_.]{0,99}");
    private static final Pattern TOKEN = Pattern.compile("[0-9A-Fa-f]{64,200}");

    public LiveActivity {
        requireActivityId(activityId, "activity_id");
        requireActivityType(activityType, "activity_type");
        requireToken(token, "token");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (status != DeviceStatus.UNUSED && status != DeviceStatus.SENT) {
            throw new IllegalArgumentException("a live activity is unused or sent, not " + status.stored());
        }
    }

    /** The same activity under a token iOS rotated to, as registered at {@code at}. */
    public LiveActivity withToken(String newToken, String newType, Instant at) {
        return new LiveActivity(activityId, newType, newToken, newToken.equals(token) ? status : DeviceStatus.UNUSED,
                createdAt, at);
    }

    /**
     * @param field the request field it came from, for the error
     * @throws RegistryException {@code invalid_json} unless 1 to 128 letters, digits, {@code _ . : -}
     */
    public static String requireActivityId(String activityId, String field) {
        if (activityId == null || !ACTIVITY_ID.matcher(activityId).matches()) {
            throw RegistryException.invalidJson(field, field + " must be 1 to 128 letters, digits, '_', '.', ':' or '-'");
        }
        return activityId;
    }

    /**
     * @throws RegistryException {@code invalid_json} unless a letter then up to 99 letters, digits,
     *     {@code _} or {@code .}
     */
    public static String requireActivityType(String activityType, String field) {
        if (activityType == null || !ACTIVITY_TYPE.matcher(activityType).matches()) {
            throw RegistryException.invalidJson(field,
                    field + " must be a letter then up to 99 letters, digits, '_' or '.' (the ActivityAttributes type)");
        }
        return activityType;
    }

    /** @throws RegistryException {@code invalid_token} unless 64 to 200 hexadecimal characters (an APNs token) */
    public static String requireToken(String token, String field) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new RegistryException(ErrorCode.INVALID_TOKEN, field + " must be 64 to 200 hex characters", field);
        }
        return token;
    }

    /** Never prints the token in full: tokens are personal data. */
    @Override
    public String toString() {
        return "LiveActivity{id=" + activityId + ", type=" + activityType + ", token=" + TokenMask.mask(token)
                + ", status=" + status.stored() + "}";
    }
}
