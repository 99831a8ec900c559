package dev.pushregistry.error;

import java.util.Locale;

/**
 * The stable machine words with which the API and the queues say what went wrong, each with the
 * HTTP status it is answered with.
 */
public enum ErrorCode {
    /** The body is not JSON, not an object, or a field has the wrong type or an impossible value. */
    INVALID_JSON(400),
    /** A required field is absent, null or blank. */
    MISSING_FIELD(400),
    /** A push token does not have the shape its push service gives tokens. */
    INVALID_TOKEN(400),
    /** The platform or provider is unknown, or the two do not go together. */
    INVALID_PLATFORM(400),
    /** The body, or a part of it with its own limit, is larger than allowed. */
    PAYLOAD_TOO_LARGE(413),
    /** No credentials, unknown credentials, or an identity token that does not hold. */
    UNAUTHORIZED(401),
    /** Credentials that are valid but not for this endpoint (an app key on a backend endpoint). */
    FORBIDDEN(403),
    /** The person (or route) does not exist. */
    NOT_FOUND(404),
    /** Too many concurrent changes to the same token: the client may retry. */
    CONFLICT(409),
    /** The table is throttling: the client should retry after a pause. */
    RATE_LIMITED(429),
    /** Anything that is not the client's fault. */
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status this error is answered with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The word clients see in {@code error.code}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
