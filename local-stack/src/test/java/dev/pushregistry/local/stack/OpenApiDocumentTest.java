package dev.pushregistry.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.testing.SampleEvents;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/openapi.yaml} is a valid OpenAPI 3.1 document, and the local stack's real answers
 * keep to it: every route's successes and refusals, called over HTTP, have a status the document
 * lists for the route, and a body its schema accepts (API Gateway's own answers included). A
 * field added to a view or a new status, without the document, fails here.
 */
class OpenApiDocumentTest {
    private static final Path DOCUMENT = SampleEvents.projectRoot().resolve("docs/openapi.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalStack stack;
    private static HttpClient http;
    private static JsonNode openApi;
    private static final Set<String> checked = new HashSet<>();

    @BeforeAll
    static void start() throws Exception {
        openApi = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
        stack = LocalStack.start(StackSettings.ephemeral(SampleEvents.projectRoot()));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theDocumentIsValidOpenApi31() throws Exception {
        SwaggerParseResult parsed = new OpenAPIParser().readContents(Files.readString(DOCUMENT), null, null);
        assertEquals(List.of(), parsed.getMessages(), "what the parser found wrong");
        assertNotNull(parsed.getOpenAPI());
        assertEquals("3.1.0", parsed.getOpenAPI().getOpenapi());
        java.util.Set<String> documented = new java.util.TreeSet<>();
        parsed.getOpenAPI().getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> documented.add(method + " " + path)));
        java.util.Set<String> routes = new java.util.TreeSet<>();
        StackTemplate.read(SampleEvents.projectRoot().resolve("template.yaml")).functions()
                .forEach(function -> function.routes().forEach(route -> routes.add(route.method() + " " + route.path())));
        assertEquals(routes, documented, "every route of the template, and no other");
    }

    private record Answer(int status, String body) {
    }

    private static Answer call(String method, String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** Holds one real answer to the document: its status is listed for the route, its body fits. */
    private static void conforms(String method, String route, Answer answer) throws Exception {
        JsonNode operation = openApi.path("paths").path(route).path(method.toLowerCase());
        assertTrue(operation.isObject(), method + " " + route + " is in the document");
        JsonNode response = operation.path("responses").path(String.valueOf(answer.status()));
        assertTrue(response.isObject(), method + " " + route + " answered " + answer.status() + ", which the document"
                + " does not list: " + answer.body());
        if (response.has("$ref")) {
            response = openApi.at(response.get("$ref").asText().substring(1));
        }
        JsonNode schema = response.at("/content/application~1json/schema");
        if (schema.isMissingNode()) {
            assertEquals("", answer.body(), method + " " + route + " " + answer.status() + " has no body");
        } else {
            ObjectNode root = JSON.createObjectNode();
            root.set("components", openApi.get("components"));
            root.putArray("allOf").add(schema);
            Schema validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(root);
            assertEquals(List.of(), validator.validate(JSON.readTree(answer.body())).stream().map(Object::toString).toList(),
                    method + " " + route + " " + answer.status() + ": " + answer.body());
        }
        checked.add(method + " " + route + " " + answer.status());
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void everyRoutesAnswersKeepToTheDocument() throws Exception {
        Map<String, String> app = Map.of("X-Api-Key", StackSettings.LOCAL_APP_KEY);
        Map<String, String> server = Map.of("Authorization", "Bearer " + StackSettings.LOCAL_SERVER_KEY);
        String token = Tokens.apns();
        String other = Tokens.apns();
        String person = "openapi-" + UUID.randomUUID();
        String people = "/v1/people/" + encode(person);

        conforms("POST", "/v1/devices", call("POST", "/v1/devices", app,
                "{\"token\":\"" + token + "\",\"platform\":\"ios\",\"attributes\":{\"app_version\":\"2.4.0\"}}"));
        conforms("POST", "/v1/devices", call("POST", "/v1/devices", app, "{\"token\":\"short\",\"platform\":\"ios\"}"));
        conforms("POST", "/v1/devices", call("POST", "/v1/devices", Map.of(), "{\"token\":\"" + token + "\"}"));
        conforms("POST", "/v1/identify", call("POST", "/v1/identify", app,
                "{\"person_id\":\"" + person + "\",\"token\":\"" + token + "\"}"));
        conforms("POST", "/v1/identify", call("POST", "/v1/identify", server,
                "{\"person_id\":\"" + person + "-2\",\"token\":\"" + token + "\"}"));
        conforms("POST", "/v1/identify", call("POST", "/v1/identify", server,
                "{\"person_id\":\"" + person + "\",\"token\":\"" + token + "\"}"));
        conforms("POST", "/v1/identify", call("POST", "/v1/identify", app, "{\"person_id\":\"" + person + "\"}"));
        conforms("POST", "/v1/devices/import", call("POST", "/v1/devices/import", server,
                "{\"devices\":[{\"token\":\"" + other + "\",\"platform\":\"ios\",\"person_id\":\"" + person
                        + "\",\"last_used\":\"" + java.time.Instant.now().minusSeconds(3600).truncatedTo(
                        java.time.temporal.ChronoUnit.SECONDS) + "\"},{\"token\":\"nope\",\"platform\":\"ios\","
                        + "\"last_used\":\"2026-01-01T00:00:00Z\"}]}"));
        conforms("POST", "/v1/devices/import", call("POST", "/v1/devices/import", app, "{\"devices\":[]}"));
        conforms("GET", "/v1/people/{person_id}/devices", call("GET", people + "/devices", server, null));
        conforms("GET", "/v1/people/{person_id}/devices", call("GET", people + "/devices?app_id=demo", server, null));
        conforms("GET", "/v1/people/{person_id}/devices", call("GET", "/v1/people/nobody-" + UUID.randomUUID()
                + "/devices", server, null));
        conforms("GET", "/v1/people/{person_id}/devices", call("GET", people + "/devices", app, null));
        conforms("GET", "/v1/people/{person_id}/token-history", call("GET", people + "/token-history", server, null));
        conforms("PUT", "/v1/people/{person_id}", call("PUT", people, server, "{\"unsubscribed\":false}"));
        conforms("PUT", "/v1/people/{person_id}", call("PUT", people, server, "{\"unsubscribed\":\"yes\"}"));
        Answer sent = call("POST", "/v1/sends", server, "{\"person_id\":\"" + person + "\",\"message\":{\"title\":\"Hi\"}}");
        conforms("POST", "/v1/sends", sent);
        conforms("POST", "/v1/sends", call("POST", "/v1/sends", server, "{\"message\":{\"title\":\"Hi\"}}"));
        String requestId = JSON.readTree(sent.body()).get("request_id").asText();
        conforms("GET", "/v1/sends/{request_id}", call("GET", "/v1/sends/" + encode(requestId), server, null));
        conforms("GET", "/v1/sends/{request_id}", call("GET", "/v1/sends/never-sent", server, null));
        conforms("POST", "/v1/devices", call("POST", "/v1/devices", app, "{\"token\":\"" + token
                + "\",\"live_activity_start_tokens\":{\"DeliveryAttributes\":\"" + other + "\"}}"));
        String activity = "{\"device_token\":\"" + token + "\",\"activity_id\":\"order-77\","
                + "\"activity_type\":\"DeliveryAttributes\",\"token\":\"" + other + "\"}";
        conforms("POST", "/v1/live-activities", call("POST", "/v1/live-activities", app, activity));
        conforms("POST", "/v1/live-activities", call("POST", "/v1/live-activities", server,
                activity.replace("{", "{\"app_id\":\"demo\",")));
        conforms("POST", "/v1/live-activities", call("POST", "/v1/live-activities", app,
                activity.replace(token, Tokens.apns())));
        conforms("POST", "/v1/live-activities", call("POST", "/v1/live-activities", app, "{\"device_token\":\"" + token + "\"}"));
        conforms("GET", "/v1/people/{person_id}/live-activities", call("GET", people + "/live-activities", server, null));
        conforms("GET", "/v1/people/{person_id}/devices", call("GET", people + "/devices", server, null));
        conforms("POST", "/v1/live-activities/end", call("POST", "/v1/live-activities/end", app,
                "{\"device_token\":\"" + token + "\",\"activity_id\":\"order-77\"}"));
        conforms("POST", "/v1/logout", call("POST", "/v1/logout", app,
                "{\"person_id\":\"" + person + "\",\"token\":\"" + token + "\"}"));
        conforms("DELETE", "/v1/people/{person_id}", call("DELETE", people, server, null));
        conforms("GET", "/v1/people/{person_id}/devices", call("GET", people + "/devices/extra", server, null));

        List<String> expected = new ArrayList<>(List.of("POST /v1/devices 200", "POST /v1/devices 400",
                "POST /v1/devices 401", "POST /v1/identify 200", "POST /v1/devices/import 200",
                "POST /v1/devices/import 403", "GET /v1/people/{person_id}/devices 200",
                "GET /v1/people/{person_id}/devices 404", "POST /v1/sends 202", "POST /v1/sends 400",
                "GET /v1/sends/{request_id} 200", "GET /v1/sends/{request_id} 404", "POST /v1/logout 204",
                "DELETE /v1/people/{person_id} 204", "PUT /v1/people/{person_id} 400", "POST /v1/live-activities 200",
                "POST /v1/live-activities 404", "POST /v1/live-activities 400",
                "GET /v1/people/{person_id}/live-activities 200", "POST /v1/live-activities/end 204"));
        expected.removeAll(checked);
        assertEquals(List.of(), expected, "answers the scenario should have met: " + checked);
    }
}
