package dev.pushregistry.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS clients as a Lambda function wants them: explicit region and credentials (the function's
 * environment), the light URL-connection HTTP client, and bounded timeouts.
 *
 * <p>Everything comes from the environment map the function was given: {@code AWS_REGION}, the
 * credentials in {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and
 * {@code AWS_SESSION_TOKEN} (as Lambda sets them), and the endpoints the SDK itself honours:
 * {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS},
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, or {@code AWS_ENDPOINT_URL} for all (LocalStack,
 * DynamoDB Local, ElasticMQ). Reading them from the map rather than the process lets several
 * functions with their own settings share one JVM.
 */
public final class AwsClients {
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(8);

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Map<String, String> environment;

    private AwsClients(Region region, AwsCredentialsProvider credentials, Map<String, String> environment) {
        this.region = region;
        this.credentials = credentials;
        this.environment = environment;
    }

    /** Clients for the given environment; {@code region} is its {@code AWS_REGION}. */
    public static AwsClients from(Map<String, String> environment, Region region) {
        String keyId = environment.get("AWS_ACCESS_KEY_ID");
        String secret = environment.get("AWS_SECRET_ACCESS_KEY");
        String session = environment.get("AWS_SESSION_TOKEN");
        AwsCredentialsProvider credentials;
        if (keyId == null || secret == null) {
            credentials = EnvironmentVariableCredentialsProvider.create();
        } else if (session == null) {
            credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret));
        } else {
            credentials = StaticCredentialsProvider.create(AwsSessionCredentials.create(keyId, secret, session));
        }
        return new AwsClients(region, credentials, Map.copyOf(environment));
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), "DYNAMODB");
    }

    public SqsClient sqs() {
        return configure(SqsClient.builder(), "SQS");
    }

    public SecretsManagerClient secretsManager() {
        return configure(SecretsManagerClient.builder(), "SECRETS_MANAGER");
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder, String service) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(configuration -> configuration.apiCallTimeout(API_CALL_TIMEOUT));
        endpoint(service).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private Optional<URI> endpoint(String service) {
        String specific = environment.get("AWS_ENDPOINT_URL_" + service);
        String general = environment.get("AWS_ENDPOINT_URL");
        String endpoint = specific != null && !specific.isBlank() ? specific : general;
        return endpoint == null || endpoint.isBlank() ? Optional.empty() : Optional.of(URI.create(endpoint));
    }
}
