package dev.pushregistry.aws;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS clients as a Lambda function wants them: explicit region and credentials provider (the
 * function's environment), the light URL-connection HTTP client, and bounded timeouts. An endpoint
 * in {@code AWS_ENDPOINT_URL_DYNAMODB} or {@code AWS_ENDPOINT_URL} (LocalStack, DynamoDB Local) is
 * picked up by the SDK itself.
 */
public final class AwsClients {
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(8);

    private AwsClients() {
    }

    public static SqsClient sqs(Region region) {
        return configure(SqsClient.builder(), region);
    }

    public static SecretsManagerClient secretsManager(Region region) {
        return configure(SecretsManagerClient.builder(), region);
    }

    public static DynamoDbClient dynamoDb(Region region) {
        return configure(DynamoDbClient.builder(), region);
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder,
                                                                                                Region region) {
        return builder
                .region(region)
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .httpClientBuilder(httpClient())
                .overrideConfiguration(configuration -> configuration.apiCallTimeout(API_CALL_TIMEOUT))
                .build();
    }

    private static UrlConnectionHttpClient.Builder httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5));
    }
}
