package dev.pushregistry.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP API events (payload format 2.0) read from and answers written to the bytes Lambda hands a
 * stream handler, with the project's own JSON reader. Lambda's Java runtime would otherwise read
 * them with its own serialization library, which loads several hundred classes on a cold start and
 * needs Joda-Time on the class path for the event types (which the functions do not carry).
 *
 * <p>Every field of the format is read, as API Gateway sends it: version, route, raw path and query
 * string, cookies, headers (names in lower case; a repeated header's values already joined by
 * commas), query string and path parameters, stage variables, body and whether it is
 * base64-encoded, and the request context (account, API, domain, the HTTP method, path, protocol,
 * source IP and user agent, request id, route, stage and time).
 */
public final class HttpEvents {
    private HttpEvents() {
    }

    /**
     * The event in {@code input}.
     *
     * @throws RegistryException {@code invalid_json} when it is not a JSON object
     */
    public static APIGatewayV2HTTPEvent read(InputStream input) throws IOException {
        ObjectNode json = Json.parseObject(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        JsonNode context = json.path("requestContext");
        JsonNode http = context.path("http");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion(text(json, "version"))
                .withRouteKey(text(json, "routeKey"))
                .withRawPath(text(json, "rawPath"))
                .withRawQueryString(text(json, "rawQueryString"))
                .withCookies(texts(json.path("cookies")))
                .withHeaders(lowerCaseNames(strings(json.path("headers"))))
                .withQueryStringParameters(strings(json.path("queryStringParameters")))
                .withPathParameters(strings(json.path("pathParameters")))
                .withStageVariables(strings(json.path("stageVariables")))
                .withBody(text(json, "body"))
                .withIsBase64Encoded(json.path("isBase64Encoded").asBoolean(false))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId(text(context, "accountId"))
                        .withApiId(text(context, "apiId"))
                        .withDomainName(text(context, "domainName"))
                        .withDomainPrefix(text(context, "domainPrefix"))
                        .withRequestId(text(context, "requestId"))
                        .withRouteKey(text(context, "routeKey"))
                        .withStage(text(context, "stage"))
                        .withTime(text(context, "time"))
                        .withTimeEpoch(context.path("timeEpoch").asLong(0))
                        .withHttp(http.isObject() ? APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(text(http, "method"))
                                .withPath(text(http, "path"))
                                .withProtocol(text(http, "protocol"))
                                .withSourceIp(text(http, "sourceIp"))
                                .withUserAgent(text(http, "userAgent"))
                                .build() : null)
                        .build())
                .build();
    }

    /** Writes the answer as Lambda expects it back from an HTTP API function. */
    public static void write(APIGatewayV2HTTPResponse response, OutputStream output) throws IOException {
        ObjectNode json = Json.object();
        json.put("statusCode", response.getStatusCode());
        ObjectNode headers = json.putObject("headers");
        if (response.getHeaders() != null) {
            response.getHeaders().forEach(headers::put);
        }
        if (response.getBody() != null) {
            json.put("body", response.getBody());
        }
        json.put("isBase64Encoded", response.getIsBase64Encoded());
        output.write(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    /** A list of strings, or {@code null} when absent. */
    private static List<String> texts(JsonNode json) {
        if (!json.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        json.forEach(value -> {
            if (value.isValueNode() && !value.isNull()) {
                values.add(value.asText());
            }
        });
        return values;
    }

    /** A map of strings, or {@code null} when absent (as API Gateway leaves out empty parameters). */
    private static Map<String, String> strings(JsonNode json) {
        if (!json.isObject()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        json.fields().forEachRemaining(field -> {
            if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                values.put(field.getKey(), field.getValue().asText());
            }
        });
        return values;
    }

    private static Map<String, String> lowerCaseNames(Map<String, String> headers) {
        if (headers == null) {
            return Map.of();
        }
        Map<String, String> lowerCase = new LinkedHashMap<>();
        headers.forEach((name, value) -> lowerCase.put(name.toLowerCase(Locale.ROOT), value));
        return lowerCase;
    }
}
