package dev.pushregistry.secrets;

import dev.pushregistry.aws.AwsClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * Reads a secret's text with Secrets Manager's {@code GetSecretValue}, without the Secrets Manager
 * SDK module: one JSON request, signed by the SDK's SigV4 signer with the function's credentials and
 * sent through the same HTTP client as its table calls, retried by the SDK's standard retry
 * strategy (3 attempts, backoff with jitter) when the service throttles, fails on its side or cannot
 * be reached. A function reads its secrets before its first event, and the generated client's
 * classes alone (about 120, built into a client of their own) were a tenth of an endpoint function's
 * cold start; the signer, HTTP client and JSON reader are the ones its table calls load anyway.
 *
 * <p>An answer Secrets Manager gives as an error ({@code ResourceNotFoundException},
 * {@code AccessDeniedException}, a secret that cannot be decrypted) is not retried, and its type is
 * in the exception's message; the secret's text never is.
 */
public final class SecretsManagerReader {
    /** The service's part of its endpoint variable, {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}. */
    public static final String ENDPOINT_VARIABLE_SERVICE = "SECRETS_MANAGER";
    private static final String SIGNING_NAME = "secretsmanager";
    private static final String TARGET = "secretsmanager.GetSecretValue";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final SdkHttpClient http;
    private final URI endpoint;
    private final Region region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final Clock clock;
    private final RetryStrategy retries;

    /**
     * @param http the HTTP client the requests go through
     * @param endpoint Secrets Manager's endpoint in the region
     * @param credentials what the requests are signed with
     * @param clock the signing time
     */
    public SecretsManagerReader(SdkHttpClient http, URI endpoint, Region region,
                                IdentityProvider<? extends AwsCredentialsIdentity> credentials, Clock clock) {
        this.http = http;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.clock = clock;
        this.retries = DefaultRetryStrategy.standardStrategyBuilder()
                .retryOnException(failure -> failure instanceof RetryableFailure)
                .treatAsThrottling(failure -> failure instanceof RetryableFailure retryable && retryable.throttled)
                .maxAttempts(3)
                .build();
    }

    /** A reader wired as the function's AWS clients are: its region, credentials and endpoint variables. */
    public static SecretsManagerReader from(AwsClients clients) {
        return new SecretsManagerReader(clients.httpClient(), clients.endpoint(ENDPOINT_VARIABLE_SERVICE, SIGNING_NAME),
                clients.region(), clients.credentials(), Clock.systemUTC());
    }

    /**
     * The text of a secret, read now.
     *
     * @param arnVariable the variable that named the secret, for the message when it cannot be read
     * @param arn the secret's ARN or name
     * @throws IllegalStateException naming the variable and the reason (never the text) when the
     *     secret cannot be read, has no text (a binary secret) or the answer is not Secrets Manager's
     */
    public String secretString(String arnVariable, String arn) {
        try {
            return withRetries(() -> call(arn));
        } catch (RefusedException | RetryableFailure | TokenAcquisitionFailedException failure) {
            String reason = failure instanceof TokenAcquisitionFailedException && failure.getCause() != null
                    ? failure.getCause().getMessage() : failure.getMessage();
            throw new IllegalStateException("could not read the secret named by " + arnVariable + ": " + reason,
                    failure);
        }
    }

    private String withRetries(Attempt attempt) {
        AcquireInitialTokenResponse initial = retries.acquireInitialToken(AcquireInitialTokenRequest.create(TARGET));
        RetryToken token = initial.token();
        pause(initial.delay());
        while (true) {
            try {
                String text = attempt.run();
                retries.recordSuccess(RecordSuccessRequest.create(token));
                return text;
            } catch (RetryableFailure failure) {
                RefreshRetryTokenResponse next = retries.refreshRetryToken(RefreshRetryTokenRequest.builder()
                        .token(token).failure(failure).build());
                token = next.token();
                pause(next.delay());
            }
        }
    }

    private String call(String arn) {
        byte[] body = JsonWriter.create().writeStartObject().writeFieldName("SecretId").writeValue(arn)
                .writeEndObject().getBytes();
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET)
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        SignedRequest signed;
        try {
            signed = AwsV4HttpSigner.create().sign(sign -> sign
                    .identity(credentials.resolveIdentity().join())
                    .request(request)
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                    .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        } catch (RuntimeException unresolved) {
            throw new RetryableFailure("the credentials could not be resolved: " + unresolved.getClass().getSimpleName(),
                    false, unresolved);
        }
        HttpExecuteResponse response;
        String answer;
        try {
            response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            answer = read(response.responseBody().map(InputStream.class::cast));
        } catch (IOException | UncheckedIOException unreachable) {
            throw new RetryableFailure("Secrets Manager could not be reached: " + unreachable.getClass().getSimpleName(),
                    false, unreachable);
        }
        return secretText(response.httpResponse().statusCode(), answer);
    }

    private static String secretText(int status, String answer) {
        JsonNode document = parsed(answer);
        if (status / 100 == 2) {
            return document.field("SecretString").filter(JsonNode::isString).map(JsonNode::text)
                    .orElseThrow(() -> new RefusedException(document.isObject() && document.field("ARN").isPresent()
                            ? "the secret has no text (a binary secret is not read)"
                            : "the answer is not Secrets Manager's (HTTP " + status + ")"));
        }
        String type = document.field("__type").filter(JsonNode::isString).map(JsonNode::text)
                .map(name -> name.substring(name.indexOf('#') + 1)).orElse("HTTP " + status);
        boolean throttled = type.contains("Throttling") || status == 429;
        if (status >= 500 || throttled) {
            throw new RetryableFailure(type, throttled, null);
        }
        throw new RefusedException(type);
    }

    private static JsonNode parsed(String answer) {
        try {
            return JsonNode.parser().parse(answer);
        } catch (RuntimeException notJson) {
            return JsonNode.emptyObjectNode();
        }
    }

    private static String read(Optional<InputStream> body) throws IOException {
        if (body.isEmpty()) {
            return "";
        }
        try (InputStream in = body.get()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to read a secret again", interrupted);
        }
    }

    /** One call to the service. */
    @FunctionalInterface
    private interface Attempt {
        String run();
    }

    /** A failure another attempt may not meet: throttling, the service failing, the network. */
    private static final class RetryableFailure extends RuntimeException {
        private final boolean throttled;

        RetryableFailure(String message, boolean throttled, Throwable cause) {
            super(message, cause);
            this.throttled = throttled;
        }
    }

    /** An answer the service gave as final: the secret is missing, access is denied. */
    private static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }
}
