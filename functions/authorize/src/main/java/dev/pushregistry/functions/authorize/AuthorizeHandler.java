package dev.pushregistry.functions.authorize;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.auth.AuthorizationContext;
import dev.pushregistry.authorizer.Authorizer;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP API's Lambda authorizer (payload format 2.0, simple responses): checks the key and,
 * for identify and logout, the identity token, and hands its verdict to the endpoint in the
 * request context. It lets every request through to the endpoint, which enforces the verdict, so
 * that refusals get the contract's {@code 401}/{@code 403} bodies (see {@link AuthorizationContext}).
 *
 * <p>It reads the event's {@code routeKey} and {@code headers} straight from the JSON and writes
 * {@code {"isAuthorized": true, "context": {…}}}: no event classes (the library's authorizer event
 * needs Joda-Time) and no reflection on the path every request takes.
 */
public final class AuthorizeHandler implements RequestStreamHandler {
    private final Authorizer authorizer;

    /** Wires the keys and the identity check from the function's environment, once per container. */
    public AuthorizeHandler() {
        this(new Settings(System.getenv()), Clock.systemUTC());
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public AuthorizeHandler(Settings settings, Clock clock) {
        this(AuthorizerWiring.authorizer(settings, clock));
    }

    public AuthorizeHandler(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String routeKey = null;
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            ObjectNode event = Json.parseObject(new String(input.readAllBytes(), StandardCharsets.UTF_8));
            routeKey = event.path("routeKey").asText(null);
            event.path("headers").fields().forEachRemaining(header ->
                    headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().asText()));
        } catch (RegistryException notAnEvent) {
            // decided below as a request without credentials
        }
        ObjectNode response = Json.object();
        response.put("isAuthorized", true);
        ObjectNode verdict = response.putObject("context");
        authorizer.decide(routeKey, headers).forEach(verdict::put);
        output.write(Json.write(response).getBytes(StandardCharsets.UTF_8));
    }
}
