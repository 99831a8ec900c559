package dev.pushregistry.aws;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * The context Lambda hands a handler with each invocation, for handlers invoked outside Lambda (the
 * local stack, tests): a fresh request id, which every log line of the invocation carries, and the
 * function's name, the time left until the function's timeout; the rest as a 1024 MB function's.
 *
 * @param getFunctionName the function's name
 * @param getAwsRequestId the invocation's request id
 * @param deadline when the invocation times out, as {@link System#nanoTime}
 */
public record LocalContext(String getFunctionName, String getAwsRequestId, long deadline) implements Context {
    /** The context of one new invocation of {@code function}, which times out after {@code timeout}. */
    public static LocalContext of(String function, Duration timeout) {
        return new LocalContext(function, UUID.randomUUID().toString(), System.nanoTime() + timeout.toNanos());
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + getFunctionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:eu-central-1:000000000000:function:" + getFunctionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, Duration.ofNanos(deadline - System.nanoTime()).toMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.println(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.println(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
