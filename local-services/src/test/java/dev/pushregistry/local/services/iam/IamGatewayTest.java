package dev.pushregistry.local.services.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The gateway in front of a stand-in that accepts everything, called with the SDK's own clients as
 * the functions call AWS: what IAM allows reaches the stand-in, what it does not fails as AWS fails it.
 */
class IamGatewayTest {
    private static final String TABLE_ARN = "arn:aws:dynamodb:eu-central-1:000000000000:table/T";
    private final List<String> reached = new CopyOnWriteArrayList<>();
    private HttpServer standIn;
    private IamGateway gateway;
    private LocalIam iam;

    @BeforeEach
    void start() throws Exception {
        standIn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        standIn.createContext("/", exchange -> {
            try (exchange) {
                reached.add(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
                byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        standIn.start();
        iam = new LocalIam();
        gateway = IamGateway.start("127.0.0.1", 0, URI.create("http://127.0.0.1:" + standIn.getAddress().getPort()), iam,
                "000000000000");
    }

    @AfterEach
    void stop() {
        gateway.close();
        standIn.stop(0);
    }

    private LocalIam.Credentials worker(String statements) throws Exception {
        Role role = new Role("arn:aws:iam::000000000000:role/stack-WorkerRole", "stack-Worker",
                List.of(Policy.of("inline", new ObjectMapper().readTree("{\"Statement\": " + statements + "}"))));
        return iam.issue(role);
    }

    private DynamoDbClient dynamoDb(String keyId) {
        return DynamoDbClient.builder().endpointOverride(gateway.endpoint()).region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, "secret")))
                .overrideConfiguration(configuration -> configuration.retryStrategy(RetryMode.STANDARD))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @Test
    void whatThePolicyAllowsReachesTheServiceAndWhatItDoesNotFailsAsAwsFailsIt() throws Exception {
        LocalIam.Credentials credentials = worker("""
                [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"], "Resource": "%s"}]""".formatted(TABLE_ARN));
        try (DynamoDbClient dynamoDb = dynamoDb(credentials.accessKeyId())) {
            dynamoDb.getItem(get -> get.tableName("T").key(java.util.Map.of("PK", AttributeValue.fromS("a"))));
            assertEquals(List.of("DynamoDB_20120810.GetItem"), reached);

            DynamoDbException refused = assertThrows(DynamoDbException.class, () -> dynamoDb.deleteItem(delete -> delete
                    .tableName("T").key(java.util.Map.of("PK", AttributeValue.fromS("a")))));
            assertEquals("AccessDeniedException", refused.awsErrorDetails().errorCode());
            assertEquals(400, refused.statusCode());
            assertTrue(refused.awsErrorDetails().errorMessage().contains("assumed-role/stack-WorkerRole/stack-Worker is not"
                    + " authorized to perform: dynamodb:DeleteItem on resource: " + TABLE_ARN), refused.getMessage());

            DynamoDbException transaction = assertThrows(DynamoDbException.class, () -> dynamoDb.transactWriteItems(write ->
                    write.transactItems(
                            TransactWriteItem.builder().put(put -> put.tableName("T").item(java.util.Map.of("PK",
                                    AttributeValue.fromS("b")))).build(),
                            TransactWriteItem.builder().conditionCheck(check -> check.tableName("T").key(java.util.Map.of("PK",
                                    AttributeValue.fromS("c"))).conditionExpression("attribute_exists(PK)")).build())));
            assertTrue(transaction.getMessage().contains("dynamodb:ConditionCheckItem"), transaction.getMessage());
            assertEquals(List.of("DynamoDB_20120810.GetItem"), reached, "nothing refused reached the service");
            assertEquals(List.of("dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"),
                    gateway.refusals().stream().map(IamGateway.Refusal::action).toList());
            assertEquals("stack-Worker", gateway.refusals().get(0).caller());
        }
    }

    @Test
    void credentialsItNeverIssuedAreNotRecognized() {
        try (DynamoDbClient dynamoDb = dynamoDb("AKIAUNKNOWN")) {
            DynamoDbException refused = assertThrows(DynamoDbException.class, () -> dynamoDb.listTables());
            assertEquals("UnrecognizedClientException", refused.awsErrorDetails().errorCode());
            assertTrue(reached.isEmpty());
        }
    }

    @Test
    void anSqsBatchNeedsTheSingleCallsActionOnTheQueueItsUrlNames() throws Exception {
        LocalIam.Credentials credentials = worker("""
                [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-central-1:000000000000:mine"}]""");
        try (SqsClient sqs = SqsClient.builder().endpointOverride(gateway.endpoint()).region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(credentials.accessKeyId(),
                        "secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            sqs.sendMessageBatch(send -> send.queueUrl("http://127.0.0.1:9324/000000000000/mine")
                    .entries(entry -> entry.id("1").messageBody("x")));
            assertEquals(List.of("AmazonSQS.SendMessageBatch"), reached);
            SqsException refused = assertThrows(SqsException.class, () -> sqs.sendMessage(send -> send
                    .queueUrl("http://127.0.0.1:9324/000000000000/theirs").messageBody("x")));
            assertEquals("AccessDenied", refused.awsErrorDetails().errorCode());
            assertTrue(refused.getMessage().contains("sqs:SendMessage on resource: arn:aws:sqs:eu-central-1:000000000000:theirs"),
                    refused.getMessage());
        }
    }

    @Test
    void aThrottledCallIsAnsweredAsTheTableAnswersWhenItThrottles() throws Exception {
        LocalIam.Credentials credentials = worker("""
                [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "%s"}]""".formatted(TABLE_ARN));
        try (DynamoDbClient dynamoDb = dynamoDb(credentials.accessKeyId());
             AutoCloseable throttling = gateway.throttle(call -> call.is("UpdateItem"))) {
            assertThrows(ProvisionedThroughputExceededException.class, () -> dynamoDb.updateItem(update -> update
                    .tableName("T").key(java.util.Map.of("PK", AttributeValue.fromS("a")))));
            dynamoDb.getItem(get -> get.tableName("T").key(java.util.Map.of("PK", AttributeValue.fromS("a"))));
            assertEquals(List.of("DynamoDB_20120810.GetItem"), reached);
        }
    }
}
