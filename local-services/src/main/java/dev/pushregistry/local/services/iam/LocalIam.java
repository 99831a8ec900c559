package dev.pushregistry.local.services.iam;

import dev.pushregistry.local.services.cloudformation.Stack;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * IAM on this machine: the credentials it issued, each for one role, and the resource-based
 * policies of the resources it guards; it decides a call as IAM decides one within an account. An
 * explicit {@code Deny} in any policy refuses; otherwise the call needs an {@code Allow} in the
 * role's policies or in the resource's policy for the role; otherwise it is refused because no
 * policy allows it.
 */
public final class LocalIam {
    private static final AtomicLong NEXT_KEY = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private final Map<String, Role> roles = new ConcurrentHashMap<>();
    private final Map<String, Policy> resourcePolicies = new ConcurrentHashMap<>();

    /** Credentials to call as {@code role}; Lambda gives a function its role's in its environment. */
    public Credentials issue(Role role) {
        String keyId = String.format("ASIALOCAL%011d", NEXT_KEY.incrementAndGet() % 100_000_000_000L);
        roles.put(keyId, role);
        return new Credentials(keyId, "local-secret-" + keyId);
    }

    /**
     * IAM for a deployed stack: each resource-based policy it declares guards its resource, and each
     * function gets credentials for its role ({@link StackIam}).
     *
     * @return each function's credentials, by its logical id
     */
    public Map<String, Credentials> deploy(Stack stack) {
        StackIam.resourcePolicies(stack).forEach(this::guard);
        Map<String, Credentials> credentials = new LinkedHashMap<>();
        StackIam.functionRoles(stack).forEach((function, role) -> credentials.put(function, issue(role)));
        return credentials;
    }

    /** Guards {@code resourceArn} with a resource-based policy too (an SQS queue policy, say). */
    public void guard(String resourceArn, Policy policy) {
        resourcePolicies.put(resourceArn, policy);
    }

    /** The role whose credentials carry {@code accessKeyId}, if this IAM issued them. */
    public Optional<Role> role(String accessKeyId) {
        return Optional.ofNullable(accessKeyId == null ? null : roles.get(accessKeyId));
    }

    /**
     * Decides a call that needs every one of {@code requests}.
     *
     * @param context the request's condition keys besides {@code aws:PrincipalArn}
     */
    public Decision decide(Role role, List<AccessRequest> requests, Map<String, String> context) {
        Map<String, String> keys = new java.util.HashMap<>(context);
        keys.put("aws:PrincipalArn", role.arn());
        for (AccessRequest request : requests) {
            Policy resourcePolicy = resourcePolicies.get(request.resource());
            String refusal = null;
            if (role.policies().stream().anyMatch(policy -> policy.applies(Policy.Effect.DENY, role.arn(), request, keys,
                    false))) {
                refusal = "with an explicit deny in an identity-based policy";
            } else if (resourcePolicy != null
                    && resourcePolicy.applies(Policy.Effect.DENY, role.arn(), request, keys, true)) {
                refusal = "with an explicit deny in a resource-based policy";
            } else if (role.policies().stream().noneMatch(policy -> policy.applies(Policy.Effect.ALLOW, role.arn(), request,
                    keys, false)) && (resourcePolicy == null
                    || !resourcePolicy.applies(Policy.Effect.ALLOW, role.arn(), request, keys, true))) {
                refusal = "because no identity-based policy allows the " + request.action() + " action";
            }
            if (refusal != null) {
                return new Decision(request, "User: " + role.callerArn() + " is not authorized to perform: "
                        + request.action() + " on resource: " + request.resource() + " " + refusal);
            }
        }
        return Decision.ALLOWED;
    }

    /** An access key and its secret. */
    public record Credentials(String accessKeyId, String secretAccessKey) {
    }
}
