package dev.pushregistry.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.local.services.iam.IamGateway;
import dev.pushregistry.testing.SampleEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./run-local} refuses what a function's role does not allow: started from a template whose
 * people function may no longer query the table, reading a person's devices fails the way it would
 * on AWS (the function's call is AccessDenied and the request answers 500), while what the role
 * still allows goes on working.
 */
class LocalIamTest {
    @Test
    void aCallTheFunctionsPolicyDoesNotAllowIsRefused(@TempDir Path project) throws Exception {
        String template = Files.readString(SampleEvents.projectRoot().resolve("template.yaml"));
        String peopleActions = "Action: [dynamodb:Query, dynamodb:BatchGetItem, dynamodb:UpdateItem, dynamodb:DeleteItem,";
        assertTrue(template.contains(peopleActions), "the people function's table statement");
        Files.writeString(project.resolve("template.yaml"), template.replace(peopleActions,
                "Action: [dynamodb:BatchGetItem, dynamodb:UpdateItem, dynamodb:DeleteItem,"));

        try (LocalStack stack = LocalStack.start(StackSettings.ephemeral(project))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> identified = http.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/v1/identify"))
                    .header("X-Api-Key", StackSettings.LOCAL_APP_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"person_id\":\"iam-1\",\"token\":\"" + Tokens.apns()
                            + "\",\"platform\":\"ios\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, identified.statusCode(), "the identify function's role is whole: " + identified.body());

            HttpResponse<String> devices = http.send(HttpRequest.newBuilder(URI.create(stack.apiUrl()
                    + "/v1/people/iam-1/devices")).header("Authorization", "Bearer " + StackSettings.LOCAL_SERVER_KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(500, devices.statusCode(), devices.body());

            List<IamGateway.Refusal> refusals = stack.refusals();
            assertEquals(1, refusals.size(), refusals.toString());
            assertEquals("push-registry-PeopleFunction", refusals.get(0).caller());
            assertEquals("dynamodb:Query", refusals.get(0).action());
            assertEquals("arn:aws:dynamodb:eu-central-1:000000000000:table/RegistryTable", refusals.get(0).resource());
        }
    }
}
