package dev.pushregistry.system.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.functions.dispatch.DispatchHandler;
import dev.pushregistry.functions.identify.IdentifyHandler;
import dev.pushregistry.functions.logout.LogoutHandler;
import dev.pushregistry.functions.people.PeopleHandler;
import dev.pushregistry.functions.register.RegisterHandler;
import dev.pushregistry.functions.send.apns.ApnsSendHandler;
import dev.pushregistry.functions.send.fcm.FcmSendHandler;
import dev.pushregistry.functions.sends.SendsHandler;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * What each function does before a SnapStart snapshot: a copy of it, wired from offline settings,
 * handles its sample event (bundled in its jar) as Lambda would hand it over, and answers as the
 * function answers that event, without reaching any table, queue, secret or push service. The
 * offline clients have no endpoint on this machine either: a copy that reached for the network
 * would answer with a failure here.
 */
class SnapStartPrimingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> functions() {
        Clock clock = Clock.systemUTC();
        return Stream.of(
                Arguments.of("register.json", copy(settings -> new RegisterHandler(RegisterHandler.partsFrom(settings, clock))), 200),
                Arguments.of("identify.json", copy(settings -> new IdentifyHandler(IdentifyHandler.partsFrom(settings, clock))), 200),
                Arguments.of("logout.json", copy(settings -> new LogoutHandler(LogoutHandler.partsFrom(settings, clock))), 204),
                Arguments.of("people-devices.json", copy(settings -> new PeopleHandler(PeopleHandler.partsFrom(settings, clock))), 404),
                Arguments.of("sends-post.json", copy(settings -> new SendsHandler(SendsHandler.partsFrom(settings, clock))), 202),
                Arguments.of("dispatch.json", copy(settings -> new DispatchHandler(DispatchHandler.partsFrom(settings, clock))), 0),
                Arguments.of("send-apns.json", copy(ApnsSendHandler::primedCopy), 0),
                Arguments.of("send-fcm.json", copy(FcmSendHandler::primedCopy), 0));
    }

    private static Function<Settings, RequestStreamHandler> copy(Function<Settings, RequestStreamHandler> copy) {
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void eachFunctionPrimesItselfOfflineOnItsSampleEvent(String sample, Function<Settings, RequestStreamHandler> copy,
                                                         int status) throws Exception {
        String answer = SnapStart.of(copy, sample).prime();

        assertFalse(answer.isEmpty(), "priming stopped early");
        JsonNode answered = JSON.readTree(answer);
        if (status == 0) {
            assertEquals(0, answered.get("batchItemFailures").size(), answer);
        } else {
            assertEquals(status, answered.get("statusCode").asInt(), answer);
        }
    }

    @Test
    void offlineClientsAnswerEveryCallOnTheSpotAsIfNothingWereThere() {
        AwsClients offline = AwsClients.from(Settings.offline(Map.of()));
        try (DynamoDbClient dynamo = offline.build(DynamoDbClient.builder(), "DYNAMODB");
             SqsClient sqs = offline.build(SqsClient.builder(), "SQS")) {
            assertFalse(dynamo.getItem(get -> get.tableName("priming").key(Map.of("PK", AttributeValue.fromS("a"),
                    "SK", AttributeValue.fromS("b")))).hasItem());
            // the SDK checks each body's checksum in SQS's answer: these pass only if the answer carries it right
            assertEquals("offline", sqs.sendMessage(send -> send.queueUrl("https://sqs.us-east-1.amazonaws.com/0/q")
                    .messageBody("{\"hello\":\"wörld\"}")).messageId());
            assertEquals(2, sqs.sendMessageBatch(batch -> batch.queueUrl("https://sqs.us-east-1.amazonaws.com/0/q")
                    .entries(SendMessageBatchRequestEntry.builder().id("1").messageBody("one").build(),
                            SendMessageBatchRequestEntry.builder().id("2").messageBody("two").build()))
                    .successful().size());
        }
        assertTrue(Settings.offline(Map.of()).isOffline());
        assertFalse(new Settings(Map.of()).isOffline(), "no environment makes a function offline");
    }
}
