package dev.pushregistry.local.services;

/** How a local push service answers for a token. */
public enum Verdict {
    /** Accept the push and put it in the inbox. */
    ACCEPT,
    /** The token is gone (APNs 410 Unregistered with a timestamp, FCM UNREGISTERED). */
    UNREGISTERED,
    /** The token is not valid for the app (APNs BadDeviceToken, FCM INVALID_ARGUMENT about the token). */
    BAD_TOKEN,
    /**
     * A development build's token: APNs's development endpoint accepts it, its production endpoint
     * answers BadDeviceToken (FCM, which has no environments, accepts it).
     */
    DEVELOPMENT_TOKEN,
    /** The token belongs to another sender (FCM SENDER_ID_MISMATCH; APNs DeviceTokenNotForTopic). */
    WRONG_SENDER,
    /** Throttled (APNs 429 TooManyRequests, FCM QUOTA_EXCEEDED). */
    TOO_MANY_REQUESTS,
    /** Down (APNs 503 ServiceUnavailable, FCM UNAVAILABLE). */
    UNAVAILABLE,
    /** Broken (APNs 500, FCM INTERNAL). */
    INTERNAL_ERROR,
    /** Our request or credentials are wrong (APNs BadTopic, FCM THIRD_PARTY_AUTH_ERROR). */
    MISCONFIGURED,
    /** The message is malformed (APNs PayloadTooLarge, FCM INVALID_ARGUMENT about the message). */
    BAD_MESSAGE
}
