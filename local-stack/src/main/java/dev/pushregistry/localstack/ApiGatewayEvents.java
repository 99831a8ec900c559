package dev.pushregistry.localstack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
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

    /**
     * What API Gateway hands the Lambda authorizer for a request (payload format 2.0): the same
     * route, path, headers and parameters, without the body.
     */
    static APIGatewayV2CustomAuthorizerEvent authorizerEvent(APIGatewayV2HTTPEvent request) {
        APIGatewayV2HTTPEvent.RequestContext context = request.getRequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = context.getHttp();
        return APIGatewayV2CustomAuthorizerEvent.builder()
                .withVersion("2.0")
                .withType("REQUEST")
                .withRouteArn("arn:aws:execute-api:" + LocalStack.REGION + ":" + context.getAccountId() + ":"
                        + context.getApiId() + "/" + context.getStage() + "/" + http.getMethod() + request.getRawPath())
                .withRouteKey(request.getRouteKey())
                .withRawPath(request.getRawPath())
                .withRawQueryString(request.getRawQueryString())
                .withHeaders(request.getHeaders())
                .withQueryStringParameters(request.getQueryStringParameters())
                .withPathParameters(request.getPathParameters())
                .withRequestContext(APIGatewayV2CustomAuthorizerEvent.RequestContext.builder()
                        .withAccountId(context.getAccountId())
                        .withApiId(context.getApiId())
                        .withDomainName(context.getDomainName())
                        .withDomainPrefix(context.getDomainPrefix())
                        .withRequestId(context.getRequestId())
                        .withRouteKey(context.getRouteKey())
                        .withStage(context.getStage())
                        .withTime(context.getTime())
                        .withTimeEpoch(context.getTimeEpoch())
                        .withHttp(APIGatewayV2CustomAuthorizerEvent.Http.builder()
                                .withMethod(http.getMethod())
                                .withPath(http.getPath())
                                .withProtocol(http.getProtocol())
                                .withSourceIp(http.getSourceIp())
                                .withUserAgent(http.getUserAgent())
                                .build())
                        .build())
                .build();
    }

    /** The request as the endpoint receives it once the authorizer let it through with {@code context}. */
    static void authorized(APIGatewayV2HTTPEvent request, Map<String, String> context) {
        request.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withLambda(new LinkedHashMap<>(context == null ? Map.of() : context))
                .build());
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
