package dev.pushregistry.local.services.iam;

/**
 * What IAM decided for a call: allowed, or refused for its first request that no policy allows or
 * that a policy denies, with AWS's wording.
 *
 * @param refused the request refused, or {@code null} when the call is allowed
 * @param message AWS's message for the refusal
 */
public record Decision(AccessRequest refused, String message) {
    static final Decision ALLOWED = new Decision(null, null);

    public boolean allowed() {
        return refused == null;
    }
}
