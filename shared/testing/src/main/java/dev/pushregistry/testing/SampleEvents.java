package dev.pushregistry.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.pushregistry.aws.fixtures.ProjectFiles;
import dev.pushregistry.http.HttpEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The sample API Gateway events in the project's {@code events/} folder, the same ones that
 * {@code sam local invoke -e} takes. Tests start from them and change only what the case is about.
 */
public final class SampleEvents {
    private SampleEvents() {
    }

    /** The project's root folder: the nearest parent holding {@code template.yaml} and {@code events/}. */
    public static Path projectRoot() {
        return ProjectFiles.root();
    }

    /** The sample event as it is in {@code events/}, read as an endpoint function reads its event. */
    public static APIGatewayV2HTTPEvent load(String fileName) {
        try (InputStream input = Files.newInputStream(projectRoot().resolve("events").resolve(fileName))) {
            return HttpEvents.read(input);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** The sample event with another body. */
    public static APIGatewayV2HTTPEvent withBody(String fileName, String body) {
        APIGatewayV2HTTPEvent event = load(fileName);
        event.setBody(body);
        return event;
    }

    /** The sample event with another body, sent with the server key instead of the app key it carries. */
    public static APIGatewayV2HTTPEvent withServerKey(String fileName, String body) {
        APIGatewayV2HTTPEvent event = withBody(fileName, body);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("x-api-key");
        headers.put("authorization", "Bearer " + SampleKeys.SERVER_KEY);
        event.setHeaders(headers);
        return event;
    }

    /** The sample event addressed to another person, with another body (or {@code null} to keep). */
    public static APIGatewayV2HTTPEvent forPerson(String fileName, String personId, String body) {
        APIGatewayV2HTTPEvent event = load(fileName);
        Map<String, String> parameters = new HashMap<>();
        parameters.put("person_id", personId);
        event.setPathParameters(parameters);
        event.setRawPath(event.getRawPath().replace("cust-42", personId));
        if (body != null) {
            event.setBody(body);
        }
        return event;
    }
}
