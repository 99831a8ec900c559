package dev.pushregistry.local.services.iam;

/**
 * One action on one resource that a call needs allowed: a DynamoDB transaction of three writes is
 * three of them, a {@code PutEvents} call one per event bus it names.
 *
 * @param action the IAM action, such as {@code dynamodb:PutItem}
 * @param resource the resource's ARN, or {@code *} for an action that takes none
 */
public record AccessRequest(String action, String resource) {
    @Override
    public String toString() {
        return action + " on " + resource;
    }
}
