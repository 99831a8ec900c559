package dev.pushregistry.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.json.Json;
import java.util.Map;

/** Builds API Gateway HTTP API responses. */
public final class HttpResponses {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json; charset=utf-8");

    private HttpResponses() {
    }

    public static APIGatewayV2HTTPResponse ok(JsonNode body) {
        return json(200, body, JSON);
    }

    /** 202: taken for processing later. */
    public static APIGatewayV2HTTPResponse accepted(JsonNode body) {
        return json(202, body, JSON);
    }

    public static APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204).withHeaders(Map.of()).build();
    }

    /** The contract's error body for a failure the caller is told about. */
    public static APIGatewayV2HTTPResponse error(RegistryException failure) {
        return error(failure.code(), failure.getMessage(), failure.field());
    }

    /** {@code 429 rate_limited}: the table throttled; the caller should come back after a pause. */
    public static APIGatewayV2HTTPResponse rateLimited(TransientFailure.Throttled throttled) {
        return error(ErrorCode.RATE_LIMITED, throttled.getMessage(), null);
    }

    private static APIGatewayV2HTTPResponse error(ErrorCode code, String message, String field) {
        Map<String, String> headers = code == ErrorCode.RATE_LIMITED || code == ErrorCode.CONFLICT
                ? Map.of("Content-Type", "application/json; charset=utf-8", "Retry-After", "1")
                : JSON;
        return json(status(code), errorBody(code, message, field), headers);
    }

    /** The HTTP status an error is answered with. */
    public static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_JSON, MISSING_FIELD, INVALID_TOKEN, INVALID_PLATFORM, INVALID_APP, STALE_DEVICE -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case INTERNAL -> 500;
        };
    }

    /** A 500 that says nothing about what failed inside. */
    public static APIGatewayV2HTTPResponse internalError() {
        return json(500, errorBody(ErrorCode.INTERNAL, "internal error", null), JSON);
    }

    private static ObjectNode errorBody(ErrorCode code, String message, String field) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("code", code.wire());
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        return body;
    }

    private static APIGatewayV2HTTPResponse json(int status, JsonNode body, Map<String, String> headers) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(Json.write(body))
                .withIsBase64Encoded(false)
                .build();
    }
}
