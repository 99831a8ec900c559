package dev.pushregistry.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pushregistry.aws.LocalContext;
import dev.pushregistry.local.services.lambda.HttpApiEvents;
import dev.pushregistry.local.services.lambda.TriggerEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Invokes a stream handler as Lambda's Java runtime does: the event's JSON in, written as the local
 * stack writes it ({@link HttpApiEvents}, {@link TriggerEvents}), a context with a fresh request id and
 * the function's name ({@link LocalContext}), the answer's JSON out. Tests reach a handler only through
 * {@code handleRequest}, so they read every event as Lambda delivers it.
 */
public final class LambdaInvocations {
    /** The longest timeout Lambda allows: an invocation in a test never runs short of time. */
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private LambdaInvocations() {
    }

    /** Invokes an HTTP API function with {@code event}, as API Gateway does; its answer as API Gateway reads it. */
    public static APIGatewayV2HTTPResponse http(RequestStreamHandler handler, String functionName,
                                                APIGatewayV2HTTPEvent event) {
        return HttpApiEvents.answer(invoke(handler, functionName, TIMEOUT, HttpApiEvents.json(event)));
    }

    /**
     * Invokes {@code handler} with an SQS event as Lambda's queue trigger sends it.
     *
     * @return the messages the handler keeps, as its answer names them
     */
    public static SQSBatchResponse invoke(RequestStreamHandler handler, String functionName, SQSEvent event) {
        return invoke(handler, functionName, TIMEOUT, event);
    }

    /**
     * Like {@link #invoke(RequestStreamHandler, String, SQSEvent)}, in an invocation that times out
     * after {@code timeout}.
     */
    public static SQSBatchResponse invoke(RequestStreamHandler handler, String functionName, Duration timeout,
                                          SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = TriggerEvents.batchItemFailures(
                        invoke(handler, functionName, timeout, TriggerEvents.json(event))).stream()
                .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build()).toList();
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /**
     * Invokes {@code handler} with a batch of the table's stream records as Lambda's DynamoDB trigger sends it.
     *
     * @return the item identifiers of the {@code batchItemFailures} it answered (the record to read again from)
     */
    public static List<String> stream(RequestStreamHandler handler, String functionName, List<Record> records,
                                      String streamArn) {
        return TriggerEvents.batchItemFailures(invoke(handler, functionName, TIMEOUT,
                TriggerEvents.json(records, streamArn, LocalAws.REGION)));
    }

    /** Invokes {@code handler} with the event's JSON; returns its answer. */
    public static String invoke(RequestStreamHandler handler, String functionName, String eventJson) {
        return new String(invoke(handler, functionName, TIMEOUT, eventJson.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    private static byte[] invoke(RequestStreamHandler handler, String functionName, Duration timeout, byte[] event) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), output, LocalContext.of(functionName, timeout));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return output.toByteArray();
    }
}
