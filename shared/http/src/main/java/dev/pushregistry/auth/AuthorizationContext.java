package dev.pushregistry.auth;

import dev.pushregistry.error.ErrorCode;
import dev.pushregistry.error.RegistryException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorizer's verdict on a request, as it travels from the API Gateway Lambda authorizer to the
 * endpoint in {@code requestContext.authorizer.lambda}: the format is written ({@link #allow},
 * {@link #refuse}) and enforced ({@link #enforce}) here.
 *
 * <p>A denying HTTP API authorizer can only make API Gateway answer a bare
 * {@code 403 {"message":"Forbidden"}}, which is not what the contract promises (a missing or unknown
 * key is {@code 401 unauthorized}, with an error body). So the authorizer lets every request through
 * with its verdict in the context, and every endpoint enforces the verdict before it reads the
 * request ({@link #enforce}). A request that reaches an endpoint without a verdict is refused: the
 * endpoints fail closed when the authorizer is missing from a route.
 *
 * <p>Context values are strings, as API Gateway's simple authorizer responses require.
 */
public final class AuthorizationContext {
    static final String VERDICT = "verdict";
    static final String ALLOW = "allow";
    static final String REASON = "reason";
    static final String AUDIENCE = "audience";
    static final String IDENTITY_REQUIRED = "identity_required";
    static final String IDENTITY_SUBJECT = "identity_subject";
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationContext.class);

    private AuthorizationContext() {
    }

    /** The context of an allowed request: the grant, for the endpoint to act on. */
    public static Map<String, String> allow(Grant grant) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put(VERDICT, ALLOW);
        context.put(AUDIENCE, grant.audience().name().toLowerCase(Locale.ROOT));
        context.put(IDENTITY_REQUIRED, Boolean.toString(grant.identityRequired()));
        grant.identitySubject().ifPresent(subject -> context.put(IDENTITY_SUBJECT, subject));
        return context;
    }

    /** The context of a refused request: the error the endpoint answers with, and why. */
    public static Map<String, String> refuse(ErrorCode code, String reason) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put(VERDICT, code.wire());
        context.put(REASON, reason);
        return context;
    }

    /**
     * The grant an endpoint may act on.
     *
     * @param routeKey the route the request reached
     * @param context {@code requestContext.authorizer.lambda}, or {@code null} when there is none
     * @throws AuthenticationException {@code unauthorized} or {@code forbidden} as the authorizer
     *     decided, {@code unauthorized} when there is no verdict, and {@code forbidden} for an app
     *     grant on a backend route whatever the verdict says
     * @throws RegistryException {@code internal} when the authorizer could not decide
     */
    public static Grant enforce(String routeKey, Map<String, ?> context) {
        String verdict = text(context, VERDICT);
        if (verdict == null) {
            LOG.warn("{} was reached without an authorizer verdict and is refused; is the authorizer attached?", routeKey);
            throw AuthenticationException.unauthorized("the request was not authorized");
        }
        String reason = Optional.ofNullable(text(context, REASON)).orElse("the request was refused");
        if (verdict.equals(ErrorCode.UNAUTHORIZED.wire())) {
            throw AuthenticationException.unauthorized(reason);
        }
        if (verdict.equals(ErrorCode.FORBIDDEN.wire())) {
            throw AuthenticationException.forbidden(reason);
        }
        if (!verdict.equals(ALLOW)) {
            throw new RegistryException(ErrorCode.INTERNAL, "the authorizer could not decide: " + reason);
        }
        Audience audience = audience(text(context, AUDIENCE));
        if (Audience.of(routeKey) == Audience.BACKEND && audience != Audience.BACKEND) {
            throw AuthenticationException.forbidden("the app key cannot call backend endpoints");
        }
        boolean identityRequired = Boolean.parseBoolean(text(context, IDENTITY_REQUIRED));
        Optional<String> subject = Optional.ofNullable(text(context, IDENTITY_SUBJECT));
        if (identityRequired && subject.isEmpty()) {
            throw AuthenticationException.unauthorized("the identity token names no person");
        }
        return new Grant(audience, subject, identityRequired);
    }

    private static Audience audience(String wire) {
        if (wire != null) {
            for (Audience audience : Audience.values()) {
                if (audience.name().toLowerCase(Locale.ROOT).equals(wire)) {
                    return audience;
                }
            }
        }
        throw AuthenticationException.unauthorized("the request was not authorized");
    }

    private static String text(Map<String, ?> context, String name) {
        Object value = context == null ? null : context.get(name);
        return value == null ? null : value.toString();
    }
}
