package dev.pushregistry.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * One logger of {@link JsonLogging}: each line is one JSON object, {@code timestamp},
 * {@code level}, {@code logger}, {@code message}, then the current {@link Invocation}'s keys, then
 * the line's own keys (SLF4J's {@code addKeyValue}), then {@code error} ({@code type},
 * {@code message}, {@code stack}) when the line carries an exception.
 */
final class JsonLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    private final transient LogSettings settings;

    JsonLogger(String name, LogSettings settings) {
        this.name = name;
        this.settings = settings;
    }

    @Override
    public boolean isTraceEnabled() {
        return settings.enabled(name, Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return settings.enabled(name, Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return settings.enabled(name, Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return settings.enabled(name, Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return settings.enabled(name, Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        write(level, MessageFormatter.basicArrayFormat(pattern, arguments), List.of(), throwable);
    }

    /** A line of SLF4J's fluent API ({@code LOG.atInfo().addKeyValue(…).log(…)}), its keys included. */
    @Override
    public void log(LoggingEvent event) {
        if (!settings.enabled(name, event.getLevel())) {
            return;
        }
        Object[] arguments = event.getArgumentArray();
        String message = arguments == null ? event.getMessage()
                : MessageFormatter.basicArrayFormat(event.getMessage(), arguments);
        List<KeyValuePair> keys = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
        write(event.getLevel(), message, keys, event.getThrowable());
    }

    private void write(Level level, String message, List<KeyValuePair> keys, Throwable throwable) {
        if (Invocation.isPriming() && level.toInt() < Level.WARN.toInt()) {
            return;
        }
        Map<String, String> invocation = Invocation.keys();
        settings.output().accept(settings.text() ? text(level, message, invocation, keys, throwable)
                : json(level, message, invocation, keys, throwable));
    }

    private String json(Level level, String message, Map<String, String> invocation, List<KeyValuePair> keys,
                        Throwable throwable) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("timestamp", Instant.now().toString());
            json.writeStringField("level", level.name());
            json.writeStringField("logger", name);
            json.writeStringField("message", message);
            for (Map.Entry<String, String> key : invocation.entrySet()) {
                json.writeStringField(key.getKey(), key.getValue());
            }
            for (KeyValuePair key : keys) {
                if (key.value instanceof Number number) {
                    json.writeFieldName(key.key);
                    json.writeNumber(number.toString());
                } else if (key.value instanceof Boolean bool) {
                    json.writeBooleanField(key.key, bool);
                } else {
                    json.writeStringField(key.key, String.valueOf(key.value));
                }
            }
            if (throwable != null) {
                json.writeObjectFieldStart("error");
                json.writeStringField("type", throwable.getClass().getName());
                json.writeStringField("message", String.valueOf(throwable.getMessage()));
                json.writeStringField("stack", stack(throwable));
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return line.toString();
    }

    private String text(Level level, String message, Map<String, String> invocation, List<KeyValuePair> keys,
                        Throwable throwable) {
        StringBuilder line = new StringBuilder().append('[').append(level).append("] ")
                .append(name.substring(name.lastIndexOf('.') + 1)).append(" - ").append(message);
        String request = invocation.get("request_id");
        if (request != null) {
            line.append(" request_id=").append(request);
        }
        for (KeyValuePair key : keys) {
            line.append(' ').append(key.key).append('=').append(key.value);
        }
        if (throwable != null) {
            line.append(System.lineSeparator()).append(stack(throwable));
        }
        return line.toString();
    }

    private static String stack(Throwable throwable) {
        StringWriter stack = new StringWriter();
        throwable.printStackTrace(new PrintWriter(stack));
        return stack.toString();
    }
}
