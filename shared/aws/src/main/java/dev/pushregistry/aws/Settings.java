package dev.pushregistry.aws;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A function's settings, read from its environment variables. Each reading checks its value and
 * refuses a bad one with a message that names the variable and says what it may be, so that a
 * function with a bad setting stops at start-up instead of failing later on something unrelated.
 */
public final class Settings {
    private final Map<String, String> variables;
    private final boolean offline;

    public Settings(Map<String, String> variables) {
        this(variables, false);
    }

    private Settings(Map<String, String> variables, boolean offline) {
        this.variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
        this.offline = offline;
    }

    /**
     * Settings for a function that must reach nothing: the AWS clients built from them answer every
     * call on this machine ({@link AwsClients#from}), with fixed credentials. A function primes its
     * code with such a copy of itself before a SnapStart snapshot. No environment variable can ask
     * for this.
     */
    public static Settings offline(Map<String, String> variables) {
        return new Settings(variables, true);
    }

    /** Whether these are {@linkplain #offline offline} settings. */
    public boolean isOffline() {
        return offline;
    }

    /**
     * How a name (an app id, say) appears within a variable's name: in upper case, with {@code -} as
     * {@code _} ({@code demo-2} in {@code APP_KEYS_DEMO_2}).
     */
    public static String variablePart(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * The value of a variable that must be set.
     *
     * @throws IllegalStateException when it is unset or blank
     */
    public String required(String name) {
        String value = optional(name);
        if (value == null) {
            throw new IllegalStateException(name + " must be set");
        }
        return value;
    }

    /** The value of a variable, or {@code null} when it is unset or blank. */
    public String optional(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * A whole number from {@code min} to {@code max}, or {@code fallback} when the variable is unset.
     *
     * @throws IllegalStateException when it is set to anything else
     */
    public int wholeNumber(String name, int fallback, int min, int max) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalStateException(name + " must be a whole number from " + min + " to " + max
                + ", not '" + variables.get(name) + "'");
    }
}
