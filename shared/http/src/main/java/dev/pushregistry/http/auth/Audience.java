package dev.pushregistry.http.auth;

import java.util.Set;

/** Who may call an endpoint: the app (with the app key) or the customer's backend (with a server key). */
public enum Audience {
    /** {@code /v1/devices}, {@code /v1/identify}, {@code /v1/logout}: the app key, which ships inside the app. */
    APP,
    /** {@code /v1/people/…} and {@code /v1/sends…}: a server key. */
    BACKEND;

    private static final Set<String> APP_ROUTES = Set.of("POST /v1/devices", "POST /v1/identify", "POST /v1/logout");
    private static final Set<String> IDENTITY_ROUTES = Set.of("POST /v1/identify", "POST /v1/logout");
    private static final String REGISTER_ROUTE = "POST /v1/devices";

    /** The audience of a route key such as {@code POST /v1/devices}; anything not an app route is backend. */
    public static Audience of(String routeKey) {
        return routeKey != null && APP_ROUTES.contains(routeKey) ? APP : BACKEND;
    }

    /**
     * Whether the route may hand a person's device to another token (a register's
     * {@code previous_token}): with identity verification on, that needs the person's identity token.
     */
    public static boolean mayTakeOverAPersonsToken(String routeKey) {
        return REGISTER_ROUTE.equals(routeKey);
    }

    /** Whether the route acts for a person named in the request, so identity verification applies to it. */
    public static boolean actsForAPerson(String routeKey) {
        return routeKey != null && IDENTITY_ROUTES.contains(routeKey);
    }
}
