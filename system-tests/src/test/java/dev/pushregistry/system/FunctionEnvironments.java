package dev.pushregistry.system;

import dev.pushregistry.local.LocalApns;
import dev.pushregistry.local.LocalFcm;
import dev.pushregistry.testing.DynamoDbLocal;
import dev.pushregistry.testing.LocalSqs;
import dev.pushregistry.testing.SendingHarness;
import dev.pushregistry.testing.TestRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment variables the template gives the functions, pointed at this JVM's DynamoDB
 * Local and ElasticMQ and at a harness's table and queues, in the test deployment's two apps (the
 * senders with both apps' credentials): what a function wired from its environment (in this JVM or
 * from its jar) is started with.
 */
final class FunctionEnvironments {
    private final SendingHarness harness;
    private final Map<String, String> common;

    /** @param settings variables every function also gets (retry settings, say) */
    FunctionEnvironments(SendingHarness harness, Map<String, String> settings) {
        this.harness = harness;
        Map<String, String> base = new HashMap<>();
        base.put("TABLE_NAME", harness.registry.table());
        base.put("AWS_REGION", "eu-central-1");
        base.put("AWS_ACCESS_KEY_ID", "local");
        base.put("AWS_SECRET_ACCESS_KEY", "local");
        base.put("AWS_ENDPOINT_URL_DYNAMODB", DynamoDbLocal.server().endpoint().toString());
        base.put("AWS_ENDPOINT_URL_SQS", LocalSqs.server().endpoint().toString());
        base.put("DEFAULT_APP_ID", TestRegistry.APP);
        base.put("APP_IDS", TestRegistry.OTHER_APP);
        base.putAll(settings);
        this.common = Map.copyOf(base);
    }

    /** The events function, publishing to the local event bus at {@code eventBridge}. */
    Map<String, String> events(String eventBridge) {
        Map<String, String> environment = new HashMap<>(common);
        environment.put("EVENT_BUS_NAME", "push-registry-events");
        environment.put("AWS_ENDPOINT_URL_EVENTBRIDGE", eventBridge);
        return environment;
    }

    /** An HTTP endpoint's function: the table and the AWS settings every function gets. */
    Map<String, String> endpoint() {
        return new HashMap<>(common);
    }

    /** A function consuming {@code queue}, dead-lettering to {@code deadLetters}. */
    Map<String, String> consumer(String queue, String deadLetters) {
        Map<String, String> environment = new HashMap<>(common);
        environment.put("QUEUE_URL", queue);
        environment.put("DEAD_LETTER_QUEUE_URL", deadLetters);
        return environment;
    }

    Map<String, String> dispatch() {
        Map<String, String> environment = consumer(harness.sendRequests, harness.sendRequestsDlq);
        environment.put("APNS_QUEUE_URL", harness.apnsDeliveries);
        environment.put("FCM_QUEUE_URL", harness.fcmDeliveries);
        return environment;
    }

    Map<String, String> apnsSender(LocalApns apns) {
        Map<String, String> environment = consumer(harness.apnsDeliveries, harness.apnsDlq);
        environment.put("APNS_CREDENTIALS", apns.credentialsJson(TestRegistry.APP));
        environment.put("APNS_CREDENTIALS_OTHER", apns.credentialsJson(TestRegistry.OTHER_APP));
        return environment;
    }

    Map<String, String> fcmSender(LocalFcm fcm) {
        Map<String, String> environment = consumer(harness.fcmDeliveries, harness.fcmDlq);
        environment.put("FCM_CREDENTIALS", fcm.credentialsJson(TestRegistry.APP));
        environment.put("FCM_CREDENTIALS_OTHER", fcm.credentialsJson(TestRegistry.OTHER_APP));
        environment.put("FCM_ENDPOINT_URL", fcm.endpointUrl());
        return environment;
    }
}
