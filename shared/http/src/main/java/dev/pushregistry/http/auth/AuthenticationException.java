package dev.pushregistry.http.auth;

import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;

/** A request refused for who sent it: {@code 401 unauthorized} or {@code 403 forbidden}. */
public final class AuthenticationException extends RegistryException {
    private static final long serialVersionUID = 1L;

    private AuthenticationException(ErrorCode code, String message) {
        super(code, message);
    }

    public static AuthenticationException unauthorized(String message) {
        return new AuthenticationException(ErrorCode.UNAUTHORIZED, message);
    }

    public static AuthenticationException forbidden(String message) {
        return new AuthenticationException(ErrorCode.FORBIDDEN, message);
    }
}
