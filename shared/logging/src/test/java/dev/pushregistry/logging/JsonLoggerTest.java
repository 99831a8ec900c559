package dev.pushregistry.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** The lines the functions write, read back field by field. */
class JsonLoggerTest {
    private final List<String> lines = new ArrayList<>();

    private Logger logger(String name, Level level) {
        return new JsonLogger(name, new LogSettings(level, false, lines::add));
    }

    @AfterEach
    void noInvocation() {
        Invocation.end();
    }

    /** A line's fields, as text (an object's fields flattened as {@code error.type}). */
    private static Map<String, String> fields(String line) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser json = new JsonFactory().createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, json.nextToken(), line);
            String prefix = "";
            for (JsonToken token = json.nextToken(); token != null; token = json.nextToken()) {
                if (token == JsonToken.FIELD_NAME && json.nextToken() == JsonToken.START_OBJECT) {
                    prefix = json.currentName() + ".";
                } else if (token == JsonToken.FIELD_NAME) {
                    fields.put(prefix + json.currentName(), json.getText());
                } else if (token == JsonToken.END_OBJECT) {
                    prefix = "";
                }
            }
        }
        return fields;
    }

    @Test
    void aLineIsOneJsonObjectWithItsLevelLoggerMessageAndTheInvocationsKeys() throws IOException {
        Invocation.begin("8f3c-request", "push-registry-RegisterFunction");
        Invocation.put("route", "POST /v1/devices");
        logger("dev.pushregistry.http.HttpExchange", Level.INFO).info("{} answered {}", "POST /v1/devices", 201);

        Map<String, String> line = fields(lines.get(0));
        assertEquals("INFO", line.get("level"));
        assertEquals("dev.pushregistry.http.HttpExchange", line.get("logger"));
        assertEquals("POST /v1/devices answered 201", line.get("message"));
        assertEquals("8f3c-request", line.get("function_request_id"));
        assertEquals("push-registry-RegisterFunction", line.get("function_name"));
        assertEquals("POST /v1/devices", line.get("route"));
        assertTrue(line.containsKey("cold_start"));
        assertTrue(line.get("timestamp").endsWith("Z"));
        assertEquals(1, lines.size());
        assertFalse(lines.get(0).contains("\n"));
    }

    @Test
    void theFluentApisKeysBecomeFieldsAndAnExceptionItsOwnObject() throws IOException {
        Logger logger = logger("dev.pushregistry.core.sending.DeliverySender", Level.INFO);
        logger.atWarn().addKeyValue("provider", "apns").addKeyValue("pushed", 800)
                .setCause(new IllegalStateException("line one\nline two")).log("batch done");

        Map<String, String> line = fields(lines.get(0));
        assertEquals("apns", line.get("provider"));
        assertEquals("800", line.get("pushed"));
        assertTrue(lines.get(0).contains("\"pushed\":800"), lines.get(0));
        assertEquals("java.lang.IllegalStateException", line.get("error.type"));
        assertEquals("line one\nline two", line.get("error.message"));
        assertTrue(line.get("error.stack").contains("JsonLoggerTest"));
        assertFalse(lines.get(0).contains("\n"), "one line, whatever the exception's text");
    }

    @Test
    void theProjectLogsFromItsLevelAndLibrariesFromWarnAtLeast() {
        logger("dev.pushregistry.queue.sqs.QueueBatch", Level.DEBUG).debug("project detail");
        logger("software.amazon.awssdk.request", Level.DEBUG).debug("library detail");
        logger("io.netty.handler", Level.DEBUG).warn("library warning");
        logger("dev.pushregistry.queue.sqs.QueueBatch", Level.ERROR).warn("project warning under ERROR");
        logger("io.netty.handler", Level.ERROR).warn("library warning under ERROR");

        assertEquals(2, lines.size());
        assertTrue(lines.get(0).contains("project detail"));
        assertTrue(lines.get(1).contains("library warning"));
    }

    @Test
    void theFirstInvocationOfAContainerAndTheFirstAfterARestoreAreColdStarts() throws IOException {
        Logger logger = logger("dev.pushregistry.x", Level.INFO);
        Invocation.restored();
        Invocation.begin("one", null);
        logger.info("first");
        Invocation.end();
        Invocation.begin("two", null);
        logger.info("second");
        Invocation.end();
        logger.info("between invocations");

        assertEquals("true", fields(lines.get(0)).get("cold_start"));
        assertEquals("false", fields(lines.get(1)).get("cold_start"));
        assertFalse(fields(lines.get(2)).containsKey("function_request_id"));
        assertFalse(fields(lines.get(0)).containsKey("function_name"), "a key without a value is left out");
    }

    @Test
    void aWorkerThreadsLinesCarryTheInvocationAndEachHandlerThreadItsOwn() throws Exception {
        Logger logger = logger("dev.pushregistry.x", Level.INFO);
        Invocation.begin("handler-one", "f");
        Thread worker = new Thread(() -> logger.info("from a worker"));
        worker.start();
        worker.join();
        Thread other = new Thread(() -> {
            Invocation.begin("handler-two", "g");
            logger.info("the other handler");
            Invocation.end();
        });
        other.start();
        other.join();
        logger.info("back on the first handler");

        assertEquals("handler-one", fields(lines.get(0)).get("function_request_id"));
        assertEquals("handler-two", fields(lines.get(1)).get("function_request_id"));
        assertEquals("handler-one", fields(lines.get(2)).get("function_request_id"));
    }

    @Test
    void whilePrimingOnlyWarningsAndErrorsAreWritten() {
        Logger logger = logger("dev.pushregistry.http.HttpExchange", Level.DEBUG);
        Invocation.priming(true);
        try {
            logger.info("a rehearsed request answered 200");
            logger.warn("priming stopped early");
        } finally {
            Invocation.priming(false);
        }
        logger.info("a real request answered 200");

        assertEquals(2, lines.size());
        assertTrue(lines.get(0).contains("priming stopped early") && lines.get(1).contains("a real request"));
    }

    @Test
    void theTextFormatIsALineAPersonReads() {
        Invocation.begin("r-1", "f");
        Invocation.put("request_id", "api-7");
        new JsonLogger("dev.pushregistry.http.HttpExchange", new LogSettings(Level.INFO, true, lines::add))
                .atInfo().addKeyValue("status", 201).log("POST /v1/devices answered");

        assertEquals("[INFO] HttpExchange - POST /v1/devices answered request_id=api-7 status=201", lines.get(0));
    }

    @Test
    void theLevelComesFromLambdasVariableThenLogLevelAndTheFormatFromLogFormat() {
        assertEquals(Level.DEBUG, LogSettings.from(Map.of("AWS_LAMBDA_LOG_LEVEL", "debug", "LOG_LEVEL", "ERROR"),
                lines::add).level());
        assertEquals(Level.ERROR, LogSettings.from(Map.of("LOG_LEVEL", "FATAL"), lines::add).level());
        assertEquals(Level.INFO, LogSettings.from(Map.of("LOG_LEVEL", "chatty"), lines::add).level());
        assertTrue(LogSettings.from(Map.of("LOG_FORMAT", "TEXT"), lines::add).text());
        assertFalse(LogSettings.from(Map.of(), lines::add).text());
    }

    @Test
    void slf4jFindsThisProvider() {
        assertTrue(LoggerFactory.getLogger("dev.pushregistry.any") instanceof JsonLogger);
    }
}
