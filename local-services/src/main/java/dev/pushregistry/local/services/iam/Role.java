package dev.pushregistry.local.services.iam;

import java.util.List;

/**
 * An IAM role as a function assumes it: the principal its calls are made as, and the
 * identity-based policies attached to it.
 *
 * @param arn the role's ARN ({@code aws:PrincipalArn} of its calls)
 * @param session the session name its calls carry (Lambda names it after the function)
 * @param policies every policy attached: inline statements and managed policies
 */
public record Role(String arn, String session, List<Policy> policies) {
    public Role {
        policies = List.copyOf(policies);
    }

    /** The role's name: the last part of its ARN. */
    public String name() {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** The caller as IAM names it in a refusal: the assumed role's session. */
    public String callerArn() {
        String account = arn.split(":")[4];
        return "arn:aws:sts::" + account + ":assumed-role/" + name() + "/" + session;
    }
}
