package dev.pushregistry.aws;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
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
    private AwsClients() {
    }

    public static SqsClient sqs(Region region) {
        return SqsClient.builder()
                .region(region)
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(configuration -> configuration.apiCallTimeout(Duration.ofSeconds(8)))
                .build();
    }

    public static SecretsManagerClient secretsManager(Region region) {
        return SecretsManagerClient.builder()
                .region(region)
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)))
                .build();
    }

    public static DynamoDbClient dynamoDb(Region region) {
        return DynamoDbClient.builder()
                .region(region)
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(configuration -> configuration.apiCallTimeout(Duration.ofSeconds(8)))
                .build();
    }
}
