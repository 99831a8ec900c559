package dev.pushregistry.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * AWS clients as a Lambda function wants them: explicit region and credentials (the function's
 * environment), the light URL-connection HTTP client, and bounded timeouts.
 *
 * <p>Everything comes from the function's {@link Settings}: {@code AWS_REGION}, the
 * credentials in {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and
 * {@code AWS_SESSION_TOKEN} (as Lambda sets them), or, for a SnapStart function, from the endpoint
 * Lambda names in {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} (renewed after a restore, see
 * {@link Restores}), and the endpoints the SDK itself honours:
 * {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS},
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, or {@code AWS_ENDPOINT_URL} for all (LocalStack,
 * DynamoDB Local, ElasticMQ). Reading them from the settings rather than the process lets several
 * functions with their own settings share one JVM.
 *
 * <p>Each adapter builds the client it needs through {@link #build}, so a function's jar carries
 * only the SDK modules of the services it calls. {@linkplain Settings#offline Offline} settings give
 * clients that reach nothing (see {@code OfflineHttpClient}).
 */
public final class AwsClients {
    /**
     * How many idle connections per host the JDK keeps for reuse ({@code http.maxConnections}, which
     * the URL-connection client goes through): as many as the most table calls a function makes at
     * once ({@code STORE_CONCURRENCY} is at most 256). The JDK's default, 5, is fewer than a sender's
     * 16 concurrent table calls, so most calls of each wave would open a new connection (on AWS, a
     * TLS handshake). Set when the first function is wired in the JVM, before its first call, unless
     * the JVM was started with its own value.
     */
    public static final int IDLE_CONNECTIONS_KEPT = 256;
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(8);
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
    /** Set by Lambda for a SnapStart function, whose credentials come from this endpoint, not the environment. */
    private static final String CONTAINER_CREDENTIALS = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

    static {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(IDLE_CONNECTIONS_KEPT));
        }
    }

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Settings settings;

    private AwsClients(Region region, AwsCredentialsProvider credentials, Settings settings) {
        this.region = region;
        this.credentials = credentials;
        this.settings = settings;
    }

    /**
     * Clients for the function's settings.
     *
     * @throws IllegalStateException when {@code AWS_REGION} is not set
     */
    public static AwsClients from(Settings settings) {
        if (settings.isOffline()) {
            String region = settings.optional("AWS_REGION");
            return new AwsClients(Region.of(region == null ? "us-east-1" : region),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("offline", "offline")), settings);
        }
        Region region = Region.of(settings.required("AWS_REGION"));
        if (settings.optional(CONTAINER_CREDENTIALS) != null) {
            return new AwsClients(region, new RenewableCredentials(() -> ContainerCredentialsProvider.builder().build()),
                    settings);
        }
        String keyId = settings.optional("AWS_ACCESS_KEY_ID");
        String secret = settings.optional("AWS_SECRET_ACCESS_KEY");
        String session = settings.optional("AWS_SESSION_TOKEN");
        AwsCredentialsProvider credentials;
        if (keyId == null || secret == null) {
            credentials = EnvironmentVariableCredentialsProvider.create();
        } else if (session == null) {
            credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret));
        } else {
            credentials = StaticCredentialsProvider.create(AwsSessionCredentials.create(keyId, secret, session));
        }
        return new AwsClients(region, credentials, settings);
    }

    /**
     * A client of one service, configured for Lambda.
     *
     * @param builder the service client's builder, such as {@code DynamoDbClient.builder()}
     * @param service the service's part of its endpoint variable: {@code DYNAMODB} for
     *     {@code AWS_ENDPOINT_URL_DYNAMODB}
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, String service) {
        builder.region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(configuration -> configuration.apiCallTimeout(API_CALL_TIMEOUT));
        if (settings.isOffline()) {
            builder.httpClient(OfflineHttpClient.INSTANCE);
            return builder.build();
        }
        builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECTION_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT));
        endpoint(service).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The region every client of these settings calls. */
    public Region region() {
        return region;
    }

    /** The credentials every client of these settings signs with. */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /**
     * An HTTP client as {@link #build} gives each service client, for a call made without the
     * service's SDK module (see {@code SecretsManagerReader}).
     */
    public SdkHttpClient httpClient() {
        if (settings.isOffline()) {
            return OfflineHttpClient.INSTANCE;
        }
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECTION_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
    }

    /**
     * The endpoint of a service: the one its variable names, else the region's own,
     * {@code https://<prefix>.<region>.amazonaws.com} ({@code .amazonaws.com.cn} in the China
     * regions; a region of another partition sets the variable).
     *
     * @param service the service's part of its endpoint variable, such as {@code SECRETS_MANAGER}
     * @param hostPrefix the service's endpoint prefix, such as {@code secretsmanager}
     */
    public URI endpoint(String service, String hostPrefix) {
        String domain = region.id().startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return endpoint(service).orElseGet(() -> URI.create("https://" + hostPrefix + "." + region.id() + "." + domain));
    }

    private Optional<URI> endpoint(String service) {
        String specific = settings.optional("AWS_ENDPOINT_URL_" + service);
        String endpoint = specific != null ? specific : settings.optional("AWS_ENDPOINT_URL");
        return Optional.ofNullable(endpoint).map(URI::create);
    }
}
