package dev.pushregistry.core.app;

import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The apps one deployment serves. Each has an id; one of them is the <em>default</em> app, which
 * owns every device, key and history entry written before the deployment knew of apps (and which a
 * request names implicitly when the deployment has no other app).
 */
public final class Apps {
    /** The default app's id when a deployment names none. */
    public static final String FALLBACK_DEFAULT_APP_ID = "main";
    private static final Pattern APP_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private final String defaultAppId;
    private final Set<String> ids;

    private Apps(String defaultAppId, Collection<String> others) {
        this.defaultAppId = Objects.requireNonNull(defaultAppId, "defaultAppId");
        Set<String> all = new LinkedHashSet<>();
        all.add(defaultAppId);
        all.addAll(others);
        for (String id : all) {
            if (!isAppId(id)) {
                throw new IllegalStateException("an app id is 1 to 40 lower-case letters, digits or '-' starting with"
                        + " a letter or digit, not '" + id + "'");
            }
        }
        this.ids = Collections.unmodifiableSet(all);
    }

    /**
     * The apps named by a deployment's settings.
     *
     * @param defaultAppId the default app, or {@code null} for {@link #FALLBACK_DEFAULT_APP_ID}
     * @param appIds the other apps, comma-separated (the default may be among them), or {@code null}
     * @throws IllegalStateException when an id is malformed
     */
    public static Apps parse(String defaultAppId, String appIds) {
        List<String> others = new ArrayList<>();
        if (appIds != null) {
            Arrays.stream(appIds.split(",")).map(String::trim).filter(id -> !id.isEmpty()).forEach(others::add);
        }
        return new Apps(defaultAppId == null ? FALLBACK_DEFAULT_APP_ID : defaultAppId.trim(), others);
    }

    /**
     * The apps named by a deployment's variables: {@code DEFAULT_APP_ID} (default
     * {@value #FALLBACK_DEFAULT_APP_ID}), the app of every item and message that names none,
     * and the others in {@code APP_IDS} (comma-separated).
     *
     * @param variable a variable's value by name, {@code null} when unset
     * @throws IllegalStateException when an app id is malformed
     */
    public static Apps fromVariables(UnaryOperator<String> variable) {
        return parse(variable.apply("DEFAULT_APP_ID"), variable.apply("APP_IDS"));
    }

    /** A deployment of the given apps, the first the default. */
    public static Apps of(String defaultAppId, String... others) {
        return new Apps(defaultAppId, List.of(others));
    }

    /** Whether {@code text} has the shape of an app id. */
    public static boolean isAppId(String text) {
        return text != null && APP_ID.matcher(text).matches();
    }

    /** The app of everything written before apps existed, and of requests that name none. */
    public String defaultAppId() {
        return defaultAppId;
    }

    /** Every app, the default first. */
    public Set<String> ids() {
        return ids;
    }

    /** Whether the deployment serves more than one app. */
    public boolean several() {
        return ids.size() > 1;
    }

    public boolean contains(String appId) {
        return ids.contains(appId);
    }

    /**
     * The app a request names, or the default one when it names none and the deployment has only that
     * one.
     *
     * @param named the app the request names, or {@code null}
     * @param field where the request names it, for the error
     * @throws RegistryException {@code missing_field} when none is named and there are several apps;
     *     {@code invalid_app} for an app the deployment does not serve
     */
    public String resolve(String named, String field) {
        if (named == null) {
            if (several()) {
                throw new RegistryException(ErrorCode.MISSING_FIELD,
                        field + " is required: this deployment serves several apps", field);
            }
            return defaultAppId;
        }
        return require(named, field);
    }

    /**
     * An app the request names, which must be one of the deployment's.
     *
     * @throws RegistryException {@code invalid_app} otherwise
     */
    public String require(String named, String field) {
        if (!contains(named)) {
            throw new RegistryException(ErrorCode.INVALID_APP, field + " names no app of this deployment", field);
        }
        return named;
    }

    @Override
    public String toString() {
        return "Apps" + ids + " (default " + defaultAppId + ")";
    }
}
