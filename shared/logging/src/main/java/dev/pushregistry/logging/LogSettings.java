package dev.pushregistry.logging;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.event.Level;

/**
 * How the functions log: from which level, as JSON or as text, and where each line goes.
 *
 * @param level the level the project's loggers log from (libraries' from {@code WARN} at least)
 * @param text whether lines are written for a person to read rather than as JSON
 * @param output where each line goes
 */
record LogSettings(Level level, boolean text, Consumer<String> output) {
    /** The settings {@link JsonLogging} describes, from these environment variables. */
    static LogSettings from(Map<String, String> environment, Consumer<String> output) {
        String level = environment.get("AWS_LAMBDA_LOG_LEVEL");
        if (level == null || level.isBlank()) {
            level = environment.get("LOG_LEVEL");
        }
        return new LogSettings(level(level), "text".equalsIgnoreCase(environment.get("LOG_FORMAT")), output);
    }

    private static Level level(String name) {
        if (name == null || name.isBlank()) {
            return Level.INFO;
        }
        String upper = name.trim().toUpperCase(Locale.ROOT);
        if (upper.equals("FATAL")) {
            return Level.ERROR;
        }
        for (Level level : Level.values()) {
            if (level.name().equals(upper)) {
                return level;
            }
        }
        return Level.INFO;
    }

    /** Whether a line of {@code level} from the logger named {@code logger} is written. */
    boolean enabled(String logger, Level at) {
        Level from = logger.startsWith(JsonLogging.PROJECT) || level.toInt() > Level.WARN.toInt() ? level : Level.WARN;
        return at.toInt() >= from.toInt();
    }
}
