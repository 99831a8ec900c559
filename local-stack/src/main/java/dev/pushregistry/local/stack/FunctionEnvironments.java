package dev.pushregistry.local.stack;

import dev.pushregistry.core.app.Apps;
import dev.pushregistry.local.stack.StackTemplate.FunctionSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Each function's environment as the local stack deploys the template: its queues, bus, apps and keys. */
final class FunctionEnvironments {
    private final Map<String, String> queueUrls;
    private final Map<String, String> queueArns;
    private final String eventsEndpoint;

    /**
     * @param queueUrls each queue's URL, by logical id
     * @param queueArns each queue's ARN, by logical id
     * @param eventsEndpoint where the functions reach the local event bus (through its IAM gateway)
     */
    FunctionEnvironments(Map<String, String> queueUrls, Map<String, String> queueArns, String eventsEndpoint) {
        this.queueUrls = queueUrls;
        this.queueArns = queueArns;
        this.eventsEndpoint = eventsEndpoint;
    }

    /**
     * A function's environment: the template's variables with references resolved (parameters to
     * their defaults, queues to their URLs; the table's name is its logical id), the base, the local
     * apps, for the senders the push-service settings of every app in place of the secrets, and for
     * the endpoints the local keys in place of the keys' secret.
     */
    Map<String, String> of(FunctionSpec function, Map<String, String> base, Map<String, String> parameters,
                           Map<String, String> providers, Map<String, String> authorization, Apps apps) {
        Map<String, String> environment = new LinkedHashMap<>(base);
        function.environment().forEach((name, value) -> environment.put(name, resolve(value, parameters)));
        environment.put("DEFAULT_APP_ID", apps.defaultAppId());
        environment.put("APP_IDS", String.join(",", apps.ids()));
        if (environment.remove("API_KEYS_SECRET_ARN") != null) {
            environment.putAll(authorization);
        }
        environment.remove("APP_SECRETS_PREFIX");
        if (environment.containsKey("EVENT_BUS_NAME")) {
            environment.put("EVENT_BUS_NAME", LocalStack.LOCAL_EVENT_BUS);
            environment.put("AWS_ENDPOINT_URL_EVENTBRIDGE", eventsEndpoint);
        }
        for (String service : List.of("APNS", "FCM")) {
            if (environment.remove(service + "_SECRET_ARN") != null) {
                providers.forEach((name, value) -> {
                    if (name.startsWith(service + "_")) {
                        environment.put(name, value);
                    }
                });
            }
        }
        return environment;
    }

    private String resolve(String value, Map<String, String> parameters) {
        if (parameters.containsKey(value)) {
            return parameters.get(value);
        }
        if (queueUrls.containsKey(value)) {
            return queueUrls.get(value);
        }
        if (value.endsWith(".Arn") && queueArns.containsKey(value.substring(0, value.length() - 4))) {
            return queueArns.get(value.substring(0, value.length() - 4));
        }
        return value;
    }
}
