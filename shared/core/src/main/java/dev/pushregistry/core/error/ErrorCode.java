package dev.pushregistry.core.error;

import java.util.Locale;

/**
 * The stable machine words with which the API and the queues say what went wrong. Which HTTP status
 * each is answered with is the HTTP adapter's business ({@code HttpResponses}).
 */
public enum ErrorCode {
    /** The body is not JSON, not an object, or a field has the wrong type or an impossible value. */
    INVALID_JSON,
    /** A required field is absent, null or blank. */
    MISSING_FIELD,
    /** A push token does not have the shape its push service gives tokens. */
    INVALID_TOKEN,
    /** The platform or provider is unknown, or the two do not go together. */
    INVALID_PLATFORM,
    /** The request names an app the deployment does not serve. */
    INVALID_APP,
    /** An imported device was last used longer ago than a device lives: it would expire at once. */
    STALE_DEVICE,
    /** The body, or a part of it with its own limit, is larger than allowed. */
    PAYLOAD_TOO_LARGE,
    /** No credentials, unknown credentials, or an identity token that does not hold. */
    UNAUTHORIZED,
    /** Credentials that are valid but not for this endpoint (an app key on a backend endpoint). */
    FORBIDDEN,
    /** The person (or route) does not exist. */
    NOT_FOUND,
    /** Too many concurrent changes to the same token: the client may retry. */
    CONFLICT,
    /** The table is throttling: the client should retry after a pause. */
    RATE_LIMITED,
    /** Anything that is not the client's fault. */
    INTERNAL;

    /** The word clients see in {@code error.code}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
