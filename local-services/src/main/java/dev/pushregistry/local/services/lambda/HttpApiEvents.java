package dev.pushregistry.local.services.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * API Gateway's side of an HTTP API's Lambda integration (payload format 2.0), for the local stack
 * and the tests: the event API Gateway builds from an HTTP request ({@link #event}), that event as
 * the JSON Lambda hands the function ({@link #json}), and the function's answer read back
 * ({@link #answer}). As API Gateway builds it: header names in lower case and a repeated header's
 * values joined by commas; the {@code Cookie} headers taken out of the headers and split into
 * {@code cookies}; the query string both raw and as parameters (decoded, a repeated name's values
 * joined by commas); the body base64-encoded ({@code isBase64Encoded}) unless its content type is
 * text (text/*, JSON, XML, JavaScript); {@code requestContext} with the method, path, protocol,
 * source IP, user agent, route, stage ({@code $default}), request id and time.
 */
public final class HttpApiEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private HttpApiEvents() {
    }

    /**
     * The event API Gateway sends a route's function for {@code request}.
     *
     * @param routeKey the route the request matched, such as {@code GET /v1/people/{person_id}/devices}
     * @param pathParameters the route's path parameters, decoded
     */
    public static APIGatewayV2HTTPEvent event(HttpApiRequest request, String routeKey, Map<String, String> pathParameters,
                                              Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                for (String cookie : header.getValue().split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.trim());
                    }
                }
            } else {
                headers.merge(name, header.getValue(), (first, second) -> first + "," + second);
            }
        }
        String query = request.rawQuery() == null ? "" : request.rawQuery();
        byte[] body = request.body();
        boolean binary = body.length > 0 && !isText(headers.get("content-type"));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(request.rawPath())
                .withRawQueryString(query)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : queryParameters(query))
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withBody(body.length == 0 ? null
                        : binary ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(binary)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(routeKey)
                        .withAccountId("000000000000")
                        .withApiId("local")
                        .withStage("$default")
                        .withDomainName(headers.getOrDefault("host", "127.0.0.1"))
                        .withDomainPrefix("local")
                        .withRequestId(UUID.randomUUID().toString())
                        .withTime(TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(request.method())
                                .withPath(request.rawPath())
                                .withProtocol(request.protocol())
                                .withSourceIp(request.sourceIp())
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .build())
                .build();
    }

    /** Whether API Gateway passes a body of this content type as text rather than base64. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript");
    }

    /** The event as the JSON Lambda hands the function: every field of payload format 2.0 it has. */
    public static byte[] json(APIGatewayV2HTTPEvent event) {
        ObjectNode json = JSON.createObjectNode();
        json.put("version", event.getVersion() == null ? "2.0" : event.getVersion());
        json.put("routeKey", event.getRouteKey());
        json.put("rawPath", event.getRawPath());
        json.put("rawQueryString", event.getRawQueryString() == null ? "" : event.getRawQueryString());
        if (event.getCookies() != null) {
            ArrayNode cookies = json.putArray("cookies");
            event.getCookies().forEach(cookies::add);
        }
        json.set("headers", strings(event.getHeaders() == null ? Map.of() : event.getHeaders()));
        if (event.getQueryStringParameters() != null) {
            json.set("queryStringParameters", strings(event.getQueryStringParameters()));
        }
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context != null) {
            ObjectNode requestContext = json.putObject("requestContext");
            requestContext.put("accountId", context.getAccountId());
            requestContext.put("apiId", context.getApiId());
            requestContext.put("domainName", context.getDomainName());
            requestContext.put("domainPrefix", context.getDomainPrefix());
            APIGatewayV2HTTPEvent.RequestContext.Http http = context.getHttp();
            if (http != null) {
                requestContext.putObject("http")
                        .put("method", http.getMethod())
                        .put("path", http.getPath())
                        .put("protocol", http.getProtocol())
                        .put("sourceIp", http.getSourceIp())
                        .put("userAgent", http.getUserAgent());
            }
            requestContext.put("requestId", context.getRequestId());
            requestContext.put("routeKey", context.getRouteKey());
            requestContext.put("stage", context.getStage());
            requestContext.put("time", context.getTime());
            requestContext.put("timeEpoch", context.getTimeEpoch());
        }
        if (event.getBody() != null) {
            json.put("body", event.getBody());
        }
        json.put("isBase64Encoded", event.getIsBase64Encoded());
        if (event.getPathParameters() != null) {
            json.set("pathParameters", strings(event.getPathParameters()));
        }
        if (event.getStageVariables() != null) {
            json.set("stageVariables", strings(event.getStageVariables()));
        }
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /**
     * A function's answer as API Gateway reads it (payload format 2.0, the answer given as an object
     * with {@code statusCode}).
     */
    public static APIGatewayV2HTTPResponse answer(byte[] json) {
        try {
            JsonNode answer = JSON.readTree(json);
            Map<String, String> headers = new LinkedHashMap<>();
            answer.path("headers").fields().forEachRemaining(header -> headers.put(header.getKey(), header.getValue().asText()));
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(answer.path("statusCode").asInt(500))
                    .withHeaders(headers)
                    .withBody(answer.path("body").isTextual() ? answer.path("body").asText() : null)
                    .withIsBase64Encoded(answer.path("isBase64Encoded").asBoolean(false))
                    .build();
        } catch (IOException notJson) {
            throw new UncheckedIOException(notJson);
        }
    }

    /** The answer's body as bytes, decoded from base64 when the answer says so. */
    public static byte[] body(APIGatewayV2HTTPResponse answer) {
        String body = answer.getBody() == null ? "" : answer.getBody();
        return answer.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    /** Query parameters as API Gateway gives them: decoded, a repeated name's values joined with commas. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.merge(name, value, (first, second) -> first + "," + second);
        }
        return parameters;
    }

    /** A path segment, percent-decoded (a {@code +} stays one). */
    public static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static ObjectNode strings(Map<String, String> values) {
        ObjectNode json = JSON.createObjectNode();
        values.forEach(json::put);
        return json;
    }
}
