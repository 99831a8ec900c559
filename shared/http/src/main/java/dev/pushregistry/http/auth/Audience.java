package dev.pushregistry.http.auth;

import java.util.Set;

/** Who may call an endpoint: the app (with the app key) or the customer's backend (with a server key). */
public enum Audience {
    /**
     * {@code /v1/devices}, {@code /v1/identify}, {@code /v1/logout}, {@code /v1/live-activities}: the
     * app key, which ships inside the app.
     */
    APP,
    /** {@code /v1/people/…} and {@code /v1/sends…}: a server key. */
    BACKEND;

    private static final Set<String> APP_ROUTES = Set.of("POST /v1/devices", "POST /v1/identify", "POST /v1/logout",
            "POST /v1/live-activities", "POST /v1/live-activities/end");
    private static final Set<String> IDENTITY_ROUTES = Set.of("POST /v1/identify", "POST /v1/logout");
    private static final Set<String> DEVICE_CHANGING_ROUTES = Set.of("POST /v1/devices", "POST /v1/live-activities",
            "POST /v1/live-activities/end");

    /** The audience of a route key such as {@code POST /v1/devices}; anything not an app route is backend. */
    public static Audience of(String routeKey) {
        return routeKey != null && APP_ROUTES.contains(routeKey) ? APP : BACKEND;
    }

    /**
     * Whether the route may change a person's device without naming the person: hand it to another
     * token (a register's {@code previous_token}) or set its Live Activity tokens. With identity
     * verification on, that needs the owner's identity token.
     */
    public static boolean mayChangeAPersonsDevice(String routeKey) {
        return routeKey != null && DEVICE_CHANGING_ROUTES.contains(routeKey);
    }

    /** Whether the route acts for a person named in the request, so identity verification applies to it. */
    public static boolean actsForAPerson(String routeKey) {
        return routeKey != null && IDENTITY_ROUTES.contains(routeKey);
    }
}
