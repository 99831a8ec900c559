package dev.pushregistry.http.auth;

import java.util.Map;

/**
 * Decides, in the endpoint's own function, what a request may do from its route and headers, before
 * the endpoint reads its body: the API's authentication, with no Lambda authorizer in front.
 */
@FunctionalInterface
public interface AccessCheck {
    /**
     * @param routeKey such as {@code POST /v1/identify}
     * @param headers the request headers, names in lower case (as API Gateway gives them)
     * @return what the request may do
     * @throws AuthenticationException {@code unauthorized} or {@code forbidden}
     */
    Grant authorize(String routeKey, Map<String, String> headers);
}
