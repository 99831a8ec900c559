package dev.pushregistry.validation;

import dev.pushregistry.error.RegistryException;

/** The rules for a person id: 1 to 256 characters, no control characters. */
public final class PersonIds {
    public static final int MAX_LENGTH = 256;

    private PersonIds() {
    }

    /**
     * @param field the request field or path parameter it came from, for the error
     * @return the id
     * @throws RegistryException {@code missing_field} when blank, {@code invalid_json} when too
     *     long or holding control characters
     */
    public static String check(String personId, String field) {
        if (personId == null || personId.isBlank()) {
            throw RegistryException.missingField(field);
        }
        if (personId.length() > MAX_LENGTH) {
            throw RegistryException.invalidJson(field, field + " must be at most " + MAX_LENGTH + " characters");
        }
        for (int index = 0; index < personId.length(); index++) {
            if (Character.isISOControl(personId.charAt(index))) {
                throw RegistryException.invalidJson(field, field + " must not contain control characters");
            }
        }
        return personId;
    }
}
