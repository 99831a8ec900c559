package dev.pushregistry.core.error;

/**
 * A write that kept meeting concurrent changes until its retries were spent, or that waited for a
 * forget of the person to finish and it did not: nothing was written, and trying again shortly
 * will most likely succeed. Code {@link ErrorCode#CONFLICT}.
 */
public final class ConflictException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(ErrorCode.CONFLICT, message);
    }
}
