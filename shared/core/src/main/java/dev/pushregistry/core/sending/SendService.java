package dev.pushregistry.core.sending;

import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import java.time.Instant;
import java.util.Objects;

/**
 * The backend's send endpoints: accept a one-off or transactional send for dispatch, and tell
 * where a send stands.
 */
public final class SendService {
    private final SendStore sends;
    private final SendRequestQueue queue;

    public SendService(SendStore sends, SendRequestQueue queue) {
        this.sends = Objects.requireNonNull(sends, "sends");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /**
     * Records the request as pending and queues it for dispatch. Accepting the same request id
     * again is harmless: dispatch pushes at most once per device.
     */
    public void accept(SendRequest request, Instant now) {
        sends.recordAccepted(request.requestId(), now);
        queue.submit(request);
    }

    /** @throws RegistryException {@code not_found} for a request id never accepted or dispatched */
    public SendSummary summary(String requestId) {
        return sends.findSummary(requestId)
                .orElseThrow(() -> new RegistryException(ErrorCode.NOT_FOUND, "no send request " + requestId,
                        "request_id"));
    }
}
