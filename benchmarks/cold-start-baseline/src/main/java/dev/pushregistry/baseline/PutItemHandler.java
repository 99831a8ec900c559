package dev.pushregistry.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cold-start benchmark's yardstick: a function that reads its event and writes one item with
 * the same SDK, HTTP client and packaging as the project's functions, and nothing else. Whatever a
 * function takes to start beyond this is the project's own.
 */
public final class PutItemHandler implements RequestStreamHandler {
    private final DynamoDbClient dynamoDb;
    private final String table;

    /** Wired from {@code AWS_REGION}, the credentials, {@code AWS_ENDPOINT_URL_DYNAMODB} and {@code TABLE_NAME}. */
    public PutItemHandler() {
        Map<String, String> environment = System.getenv();
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(Region.of(environment.get("AWS_REGION")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        environment.get("AWS_ACCESS_KEY_ID"), environment.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)));
        String endpoint = environment.get("AWS_ENDPOINT_URL_DYNAMODB");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        this.dynamoDb = builder.build();
        this.table = environment.get("TABLE_NAME");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        dynamoDb.putItem(request -> request.tableName(table).item(Map.of(
                "PK", AttributeValue.fromS("baseline#" + UUID.randomUUID()),
                "SK", AttributeValue.fromS("event"),
                "size", AttributeValue.fromN(Integer.toString(event.length())))));
        output.write("{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8));
    }
}
