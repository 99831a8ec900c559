package dev.pushregistry.functions.authorize;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import dev.pushregistry.auth.AuthorizationContext;
import dev.pushregistry.auth.Authorizer;
import dev.pushregistry.aws.RegistryEnvironment;
import java.time.Clock;

/**
 * The HTTP API's Lambda authorizer (payload format 2.0, simple responses): checks the key and,
 * for identify and logout, the identity token, and hands its verdict to the endpoint in the
 * request context. It lets every request through to the endpoint, which enforces the verdict, so
 * that refusals get the contract's {@code 401}/{@code 403} bodies (see {@link AuthorizationContext}).
 */
public final class AuthorizeHandler
        implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {
    private final Authorizer authorizer;

    /** Wires the keys and the identity check from the function's environment, once per container. */
    public AuthorizeHandler() {
        this(RegistryEnvironment.fromSystem(), Clock.systemUTC());
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public AuthorizeHandler(RegistryEnvironment environment, Clock clock) {
        this(environment.authorizer(clock));
    }

    public AuthorizeHandler(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public SimpleIAMPolicyResponse handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
        return SimpleIAMPolicyResponse.builder()
                .withIsAuthorized(true)
                .withContext(AuthorizationContext.decide(authorizer, event.getRouteKey(), event.getHeaders()))
                .build();
    }
}
