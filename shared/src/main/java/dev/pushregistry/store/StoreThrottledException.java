package dev.pushregistry.store;

import dev.pushregistry.error.ErrorCode;
import dev.pushregistry.error.RegistryException;

/** The table kept throttling after the SDK's own retries: the caller should come back later. */
public final class StoreThrottledException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public StoreThrottledException(Throwable cause) {
        super(ErrorCode.RATE_LIMITED, "the registry is busy, retry shortly");
        initCause(cause);
    }
}
