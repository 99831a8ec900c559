package dev.pushregistry.localstack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** HTTP requests as API Gateway hands them to a Lambda function: HTTP API events, payload format 2.0. */
final class ApiGatewayEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private ApiGatewayEvents() {
    }

    static APIGatewayV2HTTPEvent from(HttpExchange exchange, String routeKey, Map<String, String> pathParameters,
                                      Instant now) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString(query == null ? "" : query)
                .withHeaders(headers)
                .withQueryStringParameters(query == null ? null : queryParameters(query))
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withBody(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(routeKey)
                        .withAccountId("000000000000")
                        .withApiId("local")
                        .withStage("$default")
                        .withDomainName("127.0.0.1")
                        .withDomainPrefix("local")
                        .withRequestId(UUID.randomUUID().toString())
                        .withTime(TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(exchange.getRequestMethod())
                                .withPath(path)
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .build())
                .build();
    }

    /** The event as Lambda hands it to the function: payload format 2.0, as JSON. */
    static ObjectNode json(APIGatewayV2HTTPEvent request) {
        APIGatewayV2HTTPEvent.RequestContext context = request.getRequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = context.getHttp();
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", request.getRouteKey());
        event.put("rawPath", request.getRawPath());
        event.put("rawQueryString", request.getRawQueryString());
        event.set("headers", JSON.valueToTree(request.getHeaders()));
        if (request.getQueryStringParameters() != null) {
            event.set("queryStringParameters", JSON.valueToTree(request.getQueryStringParameters()));
        }
        if (request.getPathParameters() != null) {
            event.set("pathParameters", JSON.valueToTree(request.getPathParameters()));
        }
        if (request.getBody() != null) {
            event.put("body", request.getBody());
        }
        event.put("isBase64Encoded", request.getIsBase64Encoded());
        ObjectNode requestContext = event.putObject("requestContext");
        requestContext.put("accountId", context.getAccountId());
        requestContext.put("apiId", context.getApiId());
        requestContext.put("domainName", context.getDomainName());
        requestContext.put("domainPrefix", context.getDomainPrefix());
        requestContext.put("requestId", context.getRequestId());
        requestContext.put("routeKey", context.getRouteKey());
        requestContext.put("stage", context.getStage());
        requestContext.put("time", context.getTime());
        requestContext.put("timeEpoch", context.getTimeEpoch());
        ObjectNode httpNode = requestContext.putObject("http");
        httpNode.put("method", http.getMethod());
        httpNode.put("path", http.getPath());
        httpNode.put("protocol", http.getProtocol());
        httpNode.put("sourceIp", http.getSourceIp());
        httpNode.put("userAgent", http.getUserAgent());
        return event;
    }

    /** Query parameters as API Gateway gives them: decoded, repeated names joined with commas. */
    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (first, second) -> first + "," + second);
        }
        return parameters;
    }

    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The path parameters of {@code path} if it matches {@code template} (such as /v1/people/{person_id}). */
    static Map<String, String> match(String template, String path) {
        List<String> expected = List.of(template.split("/", -1));
        List<String> actual = List.of(path.split("/", -1));
        if (expected.size() != actual.size()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int index = 0; index < expected.size(); index++) {
            String segment = expected.get(index);
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (actual.get(index).isEmpty()) {
                    return null;
                }
                parameters.put(segment.substring(1, segment.length() - 1), decode(actual.get(index)));
            } else if (!segment.equals(actual.get(index))) {
                return null;
            }
        }
        return parameters;
    }
}
