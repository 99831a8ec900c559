package dev.pushregistry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pushregistry.local.services.LocalApns;
import dev.pushregistry.local.services.LocalFcm;
import dev.pushregistry.local.services.cloudformation.Stack;
import dev.pushregistry.store.dynamodb.fixtures.RegistryTable;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment variables the template gives the functions, over a harness's table and queues,
 * in the test deployment's two apps (the senders with both apps' credentials): what a function
 * wired from its environment (in this JVM or from its jar) is started with. The template is
 * deployed over those resources ({@link LocalAws#deploy}), so each function calls DynamoDB and SQS
 * with its own role's credentials through the IAM gateways, and a call its policy in
 * {@code template.yaml} does not allow fails as it would on AWS.
 */
public final class FunctionEnvironments {
    /** The keys secret the deployment names (the endpoints may read it). */
    public static final String API_KEYS_SECRET_ARN =
            "arn:aws:secretsmanager:eu-central-1:000000000000:secret:push-registry/api-keys-Ab12Cd";

    private final SendingHarness harness;
    private final Map<String, String> common;
    private final LocalAws.Deployment deployment;

    /** @param settings variables every function also gets (retry settings, say) */
    public FunctionEnvironments(SendingHarness harness, Map<String, String> settings) {
        this(harness, settings, LocalAws.get().template());
    }

    /**
     * Functions whose roles come from {@code template} (the project's with a statement removed, say)
     * instead of the project's.
     */
    public FunctionEnvironments(SendingHarness harness, Map<String, String> settings, JsonNode template) {
        this.harness = harness;
        Map<String, String> base = new HashMap<>();
        base.put("TABLE_NAME", harness.registry.table());
        base.put("DEFAULT_APP_ID", TestRegistry.APP);
        base.put("APP_IDS", TestRegistry.OTHER_APP);
        base.putAll(settings);
        this.common = Map.copyOf(base);
        this.deployment = LocalAws.get().deploy(deployedOver(LocalAws.get().stack(template), harness));
    }

    /** The template's resources named as the harness's (the second app deploys both senders). */
    private static Stack deployedOver(Stack.Builder stack, SendingHarness harness) {
        stack.name("pr-" + java.util.UUID.randomUUID().toString().substring(0, 8))
                .parameter("DefaultAppId", TestRegistry.APP).parameter("AppIds", TestRegistry.OTHER_APP)
                .parameter("ApiKeysSecretArn", API_KEYS_SECRET_ARN).parameter("IdentityVerification", "off")
                .resource("RegistryTable", Map.of("Ref", harness.registry.table()));
        Map<String, String> queues = Map.of("SendRequestsQueue", harness.sendRequests,
                "SendRequestsDeadLetterQueue", harness.sendRequestsDlq,
                "ApnsDeliveriesQueue", harness.apnsDeliveries, "ApnsDeliveriesDeadLetterQueue", harness.apnsDlq,
                "FcmDeliveriesQueue", harness.fcmDeliveries, "FcmDeliveriesDeadLetterQueue", harness.fcmDlq);
        queues.forEach((logicalId, url) -> stack.resource(logicalId,
                Map.of("Ref", url, "QueueName", url.substring(url.lastIndexOf('/') + 1))));
        return stack.build();
    }

    /** The deployment the functions' roles are in. */
    public LocalAws.Deployment deployment() {
        return deployment;
    }

    /** The name a function of this deployment calls AWS as (its role's session). */
    public String caller(String function) {
        return deployment.stack().ref(function);
    }

    /** Every call of this deployment's functions that IAM refused so far, at any gateway. */
    public java.util.List<dev.pushregistry.local.services.iam.IamGateway.Refusal> refusals(
            dev.pushregistry.local.services.iam.IamGateway... others) {
        java.util.List<dev.pushregistry.local.services.iam.IamGateway.Refusal> refusals = new java.util.ArrayList<>();
        java.util.List<dev.pushregistry.local.services.iam.IamGateway> gateways = new java.util.ArrayList<>(
                java.util.List.of(LocalAws.get().dynamoDb(), LocalAws.get().sqs()));
        gateways.addAll(java.util.List.of(others));
        for (dev.pushregistry.local.services.iam.IamGateway gateway : gateways) {
            gateway.refusals().stream().filter(refusal -> refusal.caller().startsWith(deployment.stack().name() + "-"))
                    .forEach(refusals::add);
        }
        return refusals;
    }

    private Map<String, String> of(String function) {
        Map<String, String> environment = new HashMap<>(common);
        environment.putAll(deployment.environment(function));
        return environment;
    }

    /** The events function, publishing to the event bus at {@code eventBridge} (a gateway to the local one). */
    public Map<String, String> events(String eventBridge) {
        Map<String, String> environment = of("EventsFunction");
        environment.put("EVENT_BUS_NAME", deployment.stack().ref("EventBus"));
        environment.put("AWS_ENDPOINT_URL_EVENTBRIDGE", eventBridge);
        return environment;
    }

    /** An HTTP endpoint's function: the table and the AWS settings every function gets. */
    public Map<String, String> endpoint(String function) {
        return of(function);
    }

    /** {@code function} consuming {@code queue}, dead-lettering to {@code deadLetters}. */
    public Map<String, String> consumer(String function, String queue, String deadLetters) {
        Map<String, String> environment = of(function);
        environment.put("QUEUE_URL", queue);
        environment.put("DEAD_LETTER_QUEUE_URL", deadLetters);
        return environment;
    }

    public Map<String, String> dispatch() {
        Map<String, String> environment = consumer("DispatchFunction", harness.sendRequests, harness.sendRequestsDlq);
        environment.put("APNS_QUEUE_URL", harness.apnsDeliveries);
        environment.put("FCM_QUEUE_URL", harness.fcmDeliveries);
        return environment;
    }

    public Map<String, String> apnsSender(LocalApns apns) {
        Map<String, String> environment = consumer("SendApnsFunction", harness.apnsDeliveries, harness.apnsDlq);
        environment.put("APNS_CREDENTIALS", apns.credentialsJson(TestRegistry.APP));
        environment.put("APNS_CREDENTIALS_OTHER", apns.credentialsJson(TestRegistry.OTHER_APP));
        return environment;
    }

    public Map<String, String> fcmSender(LocalFcm fcm) {
        Map<String, String> environment = consumer("SendFcmFunction", harness.fcmDeliveries, harness.fcmDlq);
        environment.put("FCM_CREDENTIALS", fcm.credentialsJson(TestRegistry.APP));
        environment.put("FCM_CREDENTIALS_OTHER", fcm.credentialsJson(TestRegistry.OTHER_APP));
        environment.put("FCM_ENDPOINT_URL", fcm.endpointUrl());
        return environment;
    }
}
