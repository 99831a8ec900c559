package dev.pushregistry.core.validation;

import dev.pushregistry.core.error.RegistryException;

/**
 * The rules for a person id, which is stored exactly as given or refused, and must come back as a
 * path segment ({@code /v1/people/{person_id}}): 1 to 256 characters of well-formed Unicode (no
 * lone surrogate), no control characters, no {@code /}, and no white space at either end.
 */
public final class PersonIds {
    public static final int MAX_LENGTH = 256;

    private PersonIds() {
    }

    /**
     * @param field the request field or path parameter it came from, for the error
     * @return the id
     * @throws RegistryException {@code missing_field} when blank, {@code invalid_json} when it breaks
     *     another rule
     */
    public static String check(String personId, String field) {
        if (personId == null || personId.isBlank()) {
            throw RegistryException.missingField(field);
        }
        if (personId.length() > MAX_LENGTH) {
            throw RegistryException.invalidJson(field, field + " must be at most " + MAX_LENGTH + " characters");
        }
        if (spaceAt(personId, 0) || spaceAt(personId, personId.length() - 1)) {
            throw RegistryException.invalidJson(field, field + " must not begin or end with white space");
        }
        for (int index = 0; index < personId.length(); index++) {
            char character = personId.charAt(index);
            if (Character.isISOControl(character)) {
                throw RegistryException.invalidJson(field, field + " must not contain control characters");
            }
            if (character == '/') {
                throw RegistryException.invalidJson(field, field + " must not contain '/'");
            }
            if (Character.isSurrogate(character)) {
                boolean paired = Character.isHighSurrogate(character) && index + 1 < personId.length()
                        && Character.isLowSurrogate(personId.charAt(index + 1));
                if (!paired) {
                    throw RegistryException.invalidJson(field, field + " is not well-formed Unicode (a lone surrogate)");
                }
                index++;
            }
        }
        return personId;
    }

    private static boolean spaceAt(String text, int index) {
        char character = text.charAt(index);
        return Character.isWhitespace(character) || Character.isSpaceChar(character);
    }
}
