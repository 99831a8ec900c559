package dev.pushregistry.testing;

import dev.pushregistry.authorizer.ApiKeys;
import dev.pushregistry.authorizer.Authorizer;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import java.util.List;
import java.util.Map;

/**
 * The keys the sample events in {@code events/} carry ({@code X-Api-Key} for the app routes,
 * {@code Authorization: Bearer} for the backend ones), and the access check that accepts them with
 * identity verification off: what an endpoint function is wired with in tests.
 */
public final class SampleKeys {
    /** The app key of the sample events. */
    public static final String APP_KEY = "local-app-key";
    /** The app key of the second app, {@link TestRegistry#OTHER_APP}. */
    public static final String OTHER_APP_KEY = "local-app-key-2";
    /** The server key of the sample events. */
    public static final String SERVER_KEY = "local-server-key";

    private SampleKeys() {
    }

    /**
     * Accepts {@link #APP_KEY} (of {@link TestRegistry#APP}) and {@link #OTHER_APP_KEY} (of
     * {@link TestRegistry#OTHER_APP}) on the app routes and {@link #SERVER_KEY} everywhere, in a
     * deployment of those two apps ({@link TestRegistry#APPS}).
     */
    public static Authorizer authorizer() {
        ApiKeys keys = ApiKeys.fromPlainKeys(Map.of(TestRegistry.APP, List.of(APP_KEY),
                TestRegistry.OTHER_APP, List.of(OTHER_APP_KEY)), List.of(SERVER_KEY));
        return new Authorizer(() -> keys, TestRegistry.APPS, null);
    }
}
