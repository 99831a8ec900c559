package dev.pushregistry.core.error;

/**
 * A failure that the caller is told about in words: an {@link ErrorCode}, a message fit for an app
 * developer, and the field to blame when there is one. Everything else that goes wrong is internal.
 */
public class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String field;

    public RegistryException(ErrorCode code, String message, String field) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public RegistryException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public static RegistryException invalidJson(String field, String message) {
        return new RegistryException(ErrorCode.INVALID_JSON, message, field);
    }

    public static RegistryException missingField(String field) {
        return new RegistryException(ErrorCode.MISSING_FIELD, field + " is required", field);
    }

    public ErrorCode code() {
        return code;
    }

    /** The field to blame, or {@code null}. */
    public String field() {
        return field;
    }
}
