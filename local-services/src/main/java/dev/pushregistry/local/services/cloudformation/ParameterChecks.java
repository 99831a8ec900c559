package dev.pushregistry.local.services.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A parameter's value checked against its declaration as CloudFormation checks it before a deployment. */
final class ParameterChecks {
    private ParameterChecks() {
    }

    /**
     * @param value the deployment's value, or {@code null} when it gives none
     * @throws IllegalArgumentException when the parameter has neither value nor default, or its value is
     *     not one of its {@code AllowedValues} or does not match its {@code AllowedPattern}
     */
    static void check(String parameter, JsonNode declaration, String value) {
        if (value == null) {
            if (!declaration.has("Default")) {
                throw new IllegalArgumentException("Parameters: [" + parameter + "] must have values");
            }
            return;
        }
        JsonNode allowed = declaration.get("AllowedValues");
        if (allowed != null) {
            List<String> values = new ArrayList<>();
            allowed.forEach(each -> values.add(each.asText()));
            if (!values.contains(value)) {
                throw new IllegalArgumentException("Parameter '" + parameter + "' must be one of AllowedValues");
            }
        }
        JsonNode pattern = declaration.get("AllowedPattern");
        if (pattern != null && !Pattern.compile(pattern.asText()).matcher(value).matches()) {
            throw new IllegalArgumentException("Parameter '" + parameter + "' must match pattern " + pattern.asText());
        }
    }
}
