package dev.pushregistry.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON request bodies and response bodies in tests. */
public final class Bodies {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Bodies() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code {"token": token, "platform": platform}}. */
    public static ObjectNode device(String token, String platform) {
        return object().put("token", token).put("platform", platform);
    }

    /** {@code {"person_id": person, "token": token, "platform": platform}}. */
    public static ObjectNode identify(String person, String token, String platform) {
        return device(token, platform).put("person_id", person);
    }

    public static ObjectNode logout(String person, String token) {
        return object().put("person_id", person).put("token", token);
    }

    /** Text that must be JSON. */
    public static JsonNode jsonText(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException notJson) {
            throw new AssertionError("not JSON: " + text, notJson);
        }
    }

    /** The response body as JSON. */
    public static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return MAPPER.readTree(response.getBody());
        } catch (JsonProcessingException | IllegalArgumentException notJson) {
            throw new AssertionError("response body is not JSON: " + response.getBody(), notJson);
        }
    }
}
