package dev.pushregistry.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Which IAM actions the AWS calls of each function need ({@code dynamodb:PutItem}). Registered
 * with every SDK client of the test JVM through the SDK's global interceptor list
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors}); it records only while a
 * test runs a function's code inside {@link #during}, including the calls the function makes on its
 * own worker threads.
 */
public final class AwsCallLog implements ExecutionInterceptor {
    private static final Map<String, Set<String>> CALLS = new ConcurrentHashMap<>();
    private static volatile String function;

    /** Runs {@code work} as {@code logicalId}, recording its calls. */
    static <T> T during(String logicalId, Supplier<T> work) {
        function = logicalId;
        try {
            return work.get();
        } finally {
            function = null;
        }
    }

    /** Every function's calls so far, as IAM actions. */
    static Map<String, Set<String>> calls() {
        Map<String, Set<String>> copy = new TreeMap<>();
        CALLS.forEach((logicalId, actions) -> copy.put(logicalId, new TreeSet<>(actions)));
        return copy;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String current = function;
        if (current != null) {
            String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).toLowerCase(Locale.ROOT);
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            Set<String> actions = CALLS.computeIfAbsent(current, key -> ConcurrentHashMap.newKeySet());
            // IAM names EventBridge's actions events:*
            String prefix = service.equals("eventbridge") ? "events" : service;
            actionsOf(service, operation, context.request()).forEach(action -> actions.add(prefix + ":" + action));
        }
    }

    /**
     * The IAM actions a call needs: a DynamoDB transaction needs the action of each item it writes,
     * and SQS batch calls need the action of the single call.
     */
    private static List<String> actionsOf(String service, String operation, SdkRequest request) {
        if (request instanceof TransactWriteItemsRequest transaction) {
            List<String> actions = new ArrayList<>();
            for (TransactWriteItem item : transaction.transactItems()) {
                actions.add(item.put() != null ? "PutItem" : item.update() != null ? "UpdateItem"
                        : item.delete() != null ? "DeleteItem" : "ConditionCheckItem");
            }
            return actions;
        }
        if (request instanceof TransactGetItemsRequest) {
            return List.of("GetItem");
        }
        if (service.equals("sqs") && operation.endsWith("Batch")) {
            return List.of(operation.substring(0, operation.length() - "Batch".length()));
        }
        return List.of(operation);
    }
}
