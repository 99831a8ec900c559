package dev.pushregistry.functions.send.fcm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.client.http.HttpTransport;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.internal.ApacheHttp2Transport;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.json.Json;
import dev.pushregistry.json.JsonFields;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.net.URIAuthority;

/**
 * An app's Firebase app in the FCM sender, built from a service-account key (the JSON file Firebase's console
 * gives), which names the project and where its access tokens come from ({@code token_uri}).
 *
 * <p>An FCM-compatible endpoint other than Google's (a test server, a relay) can be named: the
 * SDK's requests to {@code fcm.googleapis.com} then go there instead, over the same HTTP/2
 * transport the SDK uses with Google.
 */
public final class FcmCredentials {
    private static final String MESSAGING_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    private static final String APP_NAME_PREFIX = "push-registry-send-fcm-";
    private static final String FCM_HOST = "fcm.googleapis.com";
    /** Connections to an endpoint named instead of Google's, as Firebase's default transport allows. */
    private static final int MAX_CONNECTIONS = 100;

    private FcmCredentials() {
    }

    /**
     * @param endpoint where to send instead of {@code https://fcm.googleapis.com}, or {@code null}
     * @param appId the app it sends for, which names the Firebase app
     * @throws IllegalStateException when the key is not a usable service account (never showing it)
     */
    public static FirebaseApp app(String serviceAccountJson, String endpoint, String appId) {
        String projectId;
        try {
            ObjectNode json = Json.parseObject(serviceAccountJson);
            projectId = JsonFields.requiredString(json, "project_id");
        } catch (RegistryException malformed) {
            throw new IllegalStateException("the FCM service account is malformed (" + malformed.field() + ")");
        }
        try {
            ByteArrayInputStream key = new ByteArrayInputStream(serviceAccountJson.getBytes(StandardCharsets.UTF_8));
            FirebaseOptions.Builder options = FirebaseOptions.builder().setProjectId(projectId);
            GoogleCredentials credentials;
            if (endpoint == null) {
                credentials = GoogleCredentials.fromStream(key);
            } else {
                // the key's token endpoint is then beside the named one: both over the same transport
                HttpTransport transport = transportTo(URI.create(endpoint));
                credentials = GoogleCredentials.fromStream(key, () -> transport);
                options.setHttpTransport(transport);
            }
            options.setCredentials(credentials.createScoped(List.of(MESSAGING_SCOPE)));
            return FirebaseApp.initializeApp(options.build(), APP_NAME_PREFIX + appId);
        } catch (IOException | IllegalArgumentException unusable) {
            throw new IllegalStateException("the FCM service account cannot be used: " + unusable.getClass().getSimpleName());
        }
    }

    /**
     * Firebase's own HTTP/2 transport (its default), with what is addressed to FCM routed to
     * {@code endpoint}: over TLS when it is {@code https}, otherwise as cleartext HTTP/2 with prior
     * knowledge. Everything else goes where it is addressed.
     */
    private static HttpTransport transportTo(URI endpoint) {
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
            throw new IllegalStateException("FCM_ENDPOINT_URL must be an absolute http(s) URL");
        }
        HttpHost instead = new HttpHost(endpoint.getScheme(), endpoint.getHost(), endpoint.getPort());
        boolean cleartext = URIScheme.HTTP.same(endpoint.getScheme());
        CloseableHttpAsyncClient client = ApacheHttp2Transport.defaultHttpAsyncClientBuilder()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(cleartext
                                ? HttpVersionPolicy.FORCE_HTTP_2 : HttpVersionPolicy.NEGOTIATE).build())
                        .build())
                .setRoutePlanner((target, context) -> new HttpRoute(FCM_HOST.equals(target.getHostName()) ? instead : target))
                // a request's scheme must be the connection's: https only over TLS
                .addRequestInterceptorFirst((request, entity, context) -> {
                    if (FCM_HOST.equals(request.getAuthority().getHostName())) {
                        request.setScheme(instead.getSchemeName());
                        request.setAuthority(new URIAuthority(instead));
                    }
                })
                .build();
        return new ApacheHttp2Transport(client);
    }
}
