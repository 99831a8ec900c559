package dev.pushregistry.local.services.iam;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyTest {
    private static final String ROLE = "arn:aws:iam::000000000000:role/stack-WorkerRole";

    private static Policy policy(String json) throws Exception {
        return Policy.of("test", new ObjectMapper().readTree(json));
    }

    private static Decision decide(List<Policy> identity, Policy resourcePolicy, String action, String resource,
                                   Map<String, String> context) {
        LocalIam iam = new LocalIam();
        if (resourcePolicy != null) {
            iam.guard(resource, resourcePolicy);
        }
        return iam.decide(new Role(ROLE, "stack-Worker", identity), List.of(new AccessRequest(action, resource)), context);
    }

    @Test
    void actionsMatchWithoutCaseAndResourcesWithCaseBothWithWildcards() throws Exception {
        Policy policy = policy("""
                {"Statement": [{"Effect": "Allow", "Action": ["dynamodb:Get*", "SQS:SendMessage"],
                  "Resource": ["arn:aws:dynamodb:eu-central-1:000000000000:table/T", "arn:aws:sqs:*:000000000000:q?"]}]}
                """);
        assertTrue(decide(List.of(policy), null, "dynamodb:GetItem", "arn:aws:dynamodb:eu-central-1:000000000000:table/T",
                Map.of()).allowed());
        assertTrue(decide(List.of(policy), null, "sqs:sendmessage", "arn:aws:sqs:eu-central-1:000000000000:q1", Map.of())
                .allowed());
        assertFalse(decide(List.of(policy), null, "sqs:SendMessage", "arn:aws:sqs:eu-central-1:000000000000:q12", Map.of())
                .allowed(), "? is one character");
        assertFalse(decide(List.of(policy), null, "dynamodb:GetItem", "arn:aws:dynamodb:eu-central-1:000000000000:table/t",
                Map.of()).allowed(), "resources match with case");
        Decision refused = decide(List.of(policy), null, "dynamodb:PutItem",
                "arn:aws:dynamodb:eu-central-1:000000000000:table/T", Map.of());
        assertFalse(refused.allowed());
        assertTrue(refused.message().equals("User: arn:aws:sts::000000000000:assumed-role/stack-WorkerRole/stack-Worker is not"
                + " authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:eu-central-1:000000000000:table/T"
                + " because no identity-based policy allows the dynamodb:PutItem action"), refused.message());
    }

    @Test
    void anExplicitDenyWinsAndNotActionAllowsTheRest() throws Exception {
        Policy everythingButDelete = policy("""
                {"Statement": {"Effect": "Allow", "NotAction": "dynamodb:DeleteItem", "Resource": "*"}}""");
        Policy noQueues = policy("""
                {"Statement": {"Effect": "Deny", "Action": "sqs:*", "Resource": "*"}}""");
        assertTrue(decide(List.of(everythingButDelete), null, "dynamodb:PutItem", "arn:t", Map.of()).allowed());
        assertFalse(decide(List.of(everythingButDelete), null, "dynamodb:DeleteItem", "arn:t", Map.of()).allowed());
        Decision denied = decide(List.of(everythingButDelete, noQueues), null, "sqs:SendMessage", "arn:q", Map.of());
        assertTrue(denied.message().endsWith("with an explicit deny in an identity-based policy"), denied.message());
    }

    @Test
    void aQueuePolicyDeniesEveryoneItsConditionLeavesOutAndMayAllowThoseItNames() throws Exception {
        Policy queuePolicy = policy("""
                {"Statement": [
                  {"Effect": "Deny", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "arn:q",
                   "Condition": {"ArnNotLike": {"aws:PrincipalArn": ["arn:aws:iam::000000000000:role/stack-Sends*"]}}},
                  {"Effect": "Allow", "Principal": {"AWS": ["%s"]}, "Action": "sqs:ReceiveMessage", "Resource": "arn:q"}]}
                """.formatted(ROLE));
        Policy sendAnywhere = policy("""
                {"Statement": {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}}""");
        Decision denied = decide(List.of(sendAnywhere), queuePolicy, "sqs:SendMessage", "arn:q", Map.of());
        assertTrue(denied.message().endsWith("with an explicit deny in a resource-based policy"), denied.message());
        assertTrue(decide(List.of(), queuePolicy, "sqs:ReceiveMessage", "arn:q", Map.of()).allowed(),
                "a resource policy that names the role allows it");
    }

    @Test
    void aConditionNotUnderstoodNeverAllowsAndAlwaysDenies() throws Exception {
        Policy allowIfIp = policy("""
                {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                  "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}}""");
        Policy allowAll = policy("""
                {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}""");
        Policy denyIfIp = policy("""
                {"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*",
                  "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}}""");
        assertFalse(decide(List.of(allowIfIp), null, "sqs:SendMessage", "arn:q", Map.of()).allowed());
        assertFalse(decide(List.of(allowAll, denyIfIp), null, "sqs:SendMessage", "arn:q", Map.of()).allowed());
    }

    @Test
    void conditionsCompareTheRequestsKeys() throws Exception {
        Policy tlsOnly = policy("""
                {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                  {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
                """);
        assertTrue(decide(List.of(tlsOnly), null, "sqs:SendMessage", "arn:q", Map.of("aws:SecureTransport", "true")).allowed());
        assertFalse(decide(List.of(tlsOnly), null, "sqs:SendMessage", "arn:q", Map.of("aws:SecureTransport", "false"))
                .allowed());
        Policy onlyTagged = policy("""
                {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                  "Condition": {"StringEquals": {"aws:PrincipalTag/team": "push"}}}}""");
        assertFalse(decide(List.of(onlyTagged), null, "sqs:SendMessage", "arn:q", Map.of()).allowed(),
                "a key the request lacks fails a positive operator");
    }
}
