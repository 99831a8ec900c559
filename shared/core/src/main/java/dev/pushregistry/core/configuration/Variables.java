package dev.pushregistry.core.configuration;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A deployment's variables, looked up by name (a function's environment, say): each read refuses a
 * malformed value with a message naming the variable, so a function stops at start-up rather than
 * run with a setting it did not mean.
 */
public final class Variables {
    private final UnaryOperator<String> lookup;

    private Variables(UnaryOperator<String> lookup) {
        this.lookup = lookup;
    }

    /** @param lookup a variable's value by name, {@code null} when it is not set */
    public static Variables of(UnaryOperator<String> lookup) {
        return new Variables(Objects.requireNonNull(lookup, "lookup"));
    }

    /** The variable's value; {@code null} when it is not set or blank. */
    public String optional(String name) {
        String value = lookup.apply(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * The variable as a whole number from {@code min} to {@code max}; {@code fallback} when not set.
     *
     * @throws IllegalStateException naming the variable when its value is not such a number
     */
    public int wholeNumber(String name, int fallback, int min, int max) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        if (value.matches("-?\\d{1,10}")) {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return (int) number;
            }
        }
        throw new IllegalStateException(String.format("%s must be a whole number from %d to %d, not '%s'", name, min,
                max, value));
    }
}
