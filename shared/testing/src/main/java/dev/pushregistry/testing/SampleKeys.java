package dev.pushregistry.testing;

import dev.pushregistry.authorizer.ApiKeys;
import dev.pushregistry.authorizer.Authorizer;
import java.util.List;

/**
 * The keys the sample events in {@code events/} carry ({@code X-Api-Key} for the app routes,
 * {@code Authorization: Bearer} for the backend ones), and the access check that accepts them with
 * identity verification off: what an endpoint function is wired with in tests.
 */
public final class SampleKeys {
    /** The app key of the sample events. */
    public static final String APP_KEY = "local-app-key";
    /** The server key of the sample events. */
    public static final String SERVER_KEY = "local-server-key";

    private SampleKeys() {
    }

    /** Accepts {@link #APP_KEY} on the app routes and {@link #SERVER_KEY} everywhere. */
    public static Authorizer authorizer() {
        ApiKeys keys = ApiKeys.fromPlainKeys(List.of(APP_KEY), List.of(SERVER_KEY));
        return new Authorizer(() -> keys, null);
    }
}
