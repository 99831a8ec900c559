package dev.pushregistry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.http.auth.AccessCheck;
import dev.pushregistry.http.auth.Audience;
import dev.pushregistry.http.auth.AuthenticationException;
import dev.pushregistry.http.auth.Grant;
import dev.pushregistry.json.Json;
import dev.pushregistry.telemetry.Metrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An endpoint as Lambda runs it: the event's bytes in, the answer's bytes out. The key is checked
 * before the endpoint sees the request, a refusal is its 4xx in the API's error shape, a throttled
 * table a 429, anything unexpected a bare 500, and every answer is counted by route and status.
 */
class HttpFunctionTest {
    private static final Apps APPS = Apps.of("main");
    private static final AccessCheck KEY_REQUIRED = (route, headers) -> {
        if (!"right".equals(headers.get("x-api-key"))) {
            throw AuthenticationException.unauthorized("a valid key is required");
        }
        return new Grant(Audience.BACKEND, APPS, Optional.empty(), Optional.empty(), false);
    };

    private final List<String> metricDocuments = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();

    /** An endpoint that answers with what its request's body asks for. */
    private final class AskingEndpoint extends HttpFunction<String> {
        AskingEndpoint() {
            super(new Parts<>("the service", KEY_REQUIRED, Clock.systemUTC(),
                    new Metrics("Test", metricDocuments::add, Clock.systemUTC())));
        }

        @Override
        protected APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request, Grant grant) {
            ObjectNode body = HttpBodies.body(request);
            seen.add(body.path("ask").asText());
            return switch (body.path("ask").asText()) {
                case "refusal" -> throw new RegistryException(ErrorCode.INVALID_TOKEN, "token: not a token");
                case "throttle" -> throw new TransientFailure.Throttled(null);
                case "crash" -> throw new IllegalStateException("secret internals");
                default -> HttpResponses.ok(Json.object().put("service", service()));
            };
        }
    }

    private JsonNode call(String eventJson) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new AskingEndpoint().handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)),
                output, null);
        return Json.parseObject(output.toString(StandardCharsets.UTF_8));
    }

    private JsonNode ask(String what, String key) throws IOException {
        ObjectNode event = Json.object().put("version", "2.0").put("routeKey", "POST /v1/things")
                .put("rawPath", "/v1/things").put("body", "{\"ask\":\"" + what + "\"}").put("isBase64Encoded", false);
        event.putObject("headers").put("x-api-key", key).put("content-type", "application/json");
        event.putObject("requestContext").put("requestId", "req-1");
        return call(Json.write(event));
    }

    private static JsonNode body(JsonNode response) {
        return Json.parseObject(response.get("body").asText());
    }

    @Test
    void anAuthorizedRequestIsAnsweredWithTheEndpointsService() throws IOException {
        JsonNode response = ask("answer", "right");

        assertEquals(200, response.get("statusCode").asInt());
        assertEquals("the service", body(response).get("service").asText());
    }

    @Test
    void aRequestWithoutAValidKeyIsRefusedBeforeTheEndpointSeesIt() throws IOException {
        JsonNode response = ask("answer", "wrong");

        assertEquals(401, response.get("statusCode").asInt());
        assertEquals("unauthorized", body(response).get("error").get("code").asText());
        assertEquals(List.of(), seen);
    }

    @Test
    void refusalsThrottlesAndFailuresAreTheirStatusesAndAFailureTellsNothingOfItsCause() throws IOException {
        assertEquals(400, ask("refusal", "right").get("statusCode").asInt());
        assertEquals("invalid_token", body(ask("refusal", "right")).get("error").get("code").asText());
        assertEquals(429, ask("throttle", "right").get("statusCode").asInt());
        JsonNode crash = ask("crash", "right");

        assertEquals(500, crash.get("statusCode").asInt());
        assertEquals("internal", body(crash).get("error").get("code").asText());
        assertTrue(!crash.toString().contains("secret internals"), crash.toString());
    }

    @Test
    void anEventThatIsNotJsonIsA400AndNeverReachesTheEndpoint() throws IOException {
        JsonNode response = call("this is not an event");

        assertEquals(400, response.get("statusCode").asInt());
        assertEquals(List.of(), seen);
    }

    @Test
    void everyAnswerIsCountedByRouteAndStatus() throws IOException {
        ask("answer", "right");
        ask("answer", "wrong");

        assertEquals(2, metricDocuments.size(), metricDocuments.toString());
        List<Map<String, String>> counted = new ArrayList<>();
        for (String document : metricDocuments) {
            JsonNode json = Json.parseObject(document);
            counted.add(Map.of("Endpoint", json.get("Endpoint").asText(), "Status", json.get("Status").asText(),
                    "Answers", json.get("Answers").asText()));
        }
        assertEquals(List.of(Map.of("Endpoint", "POST /v1/things", "Status", "2xx", "Answers", "1"),
                Map.of("Endpoint", "POST /v1/things", "Status", "401", "Answers", "1")), counted);
    }
}
