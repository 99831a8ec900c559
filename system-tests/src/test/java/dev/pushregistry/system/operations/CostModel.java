package dev.pushregistry.system.operations;

import java.util.Locale;

/**
 * What a delivery costs at AWS list prices (us-east-1, on-demand), from counts measured per delivery.
 * The README's cost model is this arithmetic, for users to redo with their own counts and prices.
 */
public final class CostModel {
    /** DynamoDB on-demand: USD per million write request units. */
    public static final double USD_PER_MILLION_WRITE_UNITS = 0.625;
    /** DynamoDB on-demand: USD per million read request units. */
    public static final double USD_PER_MILLION_READ_UNITS = 0.125;
    /** SQS standard queues: USD per million requests (each up to 64 KB). */
    public static final double USD_PER_MILLION_SQS_REQUESTS = 0.40;
    /** Lambda on arm64: USD per GB-second. */
    public static final double USD_PER_GB_SECOND = 0.0000133334;
    /** Lambda: USD per million invocations. */
    public static final double USD_PER_MILLION_INVOCATIONS = 0.20;
    /** The template's function memory: 1024 MB. */
    public static final double FUNCTION_GB = 1.0;
    /** What Lambda's queue poller receives and deletes at a time. */
    private static final int POLLER_MESSAGES_PER_REQUEST = 10;

    private CostModel() {
    }

    /** The requests Lambda's poller makes for {@code messages} handed to one invocation: receives and batch deletes. */
    public static int pollerRequests(int messages) {
        int perOperation = (messages + POLLER_MESSAGES_PER_REQUEST - 1) / POLLER_MESSAGES_PER_REQUEST;
        return 2 * perOperation;
    }

    /**
     * Counts per delivery.
     *
     * @param requests DynamoDB requests
     * @param readUnits DynamoDB read units
     * @param writeUnits DynamoDB write units as AWS charges them
     * @param sqsRequests SQS requests: the functions' own and Lambda's poller's
     * @param lambdaSeconds function time
     * @param invocations function invocations
     */
    public record PerDelivery(double requests, double readUnits, double writeUnits, double sqsRequests, double lambdaSeconds,
                       double invocations) {
        /** USD per million deliveries. */
        double usdPerMillion() {
            return dynamoDbUsdPerMillion() + sqsUsdPerMillion() + lambdaUsdPerMillion();
        }

        double dynamoDbUsdPerMillion() {
            return writeUnits * USD_PER_MILLION_WRITE_UNITS + readUnits * USD_PER_MILLION_READ_UNITS;
        }

        double sqsUsdPerMillion() {
            return sqsRequests * USD_PER_MILLION_SQS_REQUESTS;
        }

        double lambdaUsdPerMillion() {
            return lambdaSeconds * FUNCTION_GB * USD_PER_GB_SECOND * 1_000_000
                    + invocations * USD_PER_MILLION_INVOCATIONS;
        }

        /** The parts of the cost per million, and the function time per delivery they rest on. */
        String breakdown() {
            return String.format(Locale.ROOT, "dynamodb_usd=%.2f sqs_usd=%.2f lambda_usd=%.2f lambda_ms_per_delivery=%.2f",
                    dynamoDbUsdPerMillion(), sqsUsdPerMillion(), lambdaUsdPerMillion(), lambdaSeconds * 1000);
        }
    }
}
