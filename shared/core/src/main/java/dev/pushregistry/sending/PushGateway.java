package dev.pushregistry.sending;

import dev.pushregistry.device.Provider;
import java.util.concurrent.CompletableFuture;

/** One push service, as the senders see it. */
public interface PushGateway {

    /** The push service this gateway talks to. */
    Provider provider();

    /**
     * Sends one push. The future completes with the service's answer; it completes exceptionally
     * only for failures that are worth retrying (the sender treats them as {@link PushResult.Unavailable}).
     */
    CompletableFuture<PushResult> push(Delivery delivery);
}
