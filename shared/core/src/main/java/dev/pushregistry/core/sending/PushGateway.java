package dev.pushregistry.core.sending;

import dev.pushregistry.core.device.Provider;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** One push service, as the senders see it. */
public interface PushGateway {

    /** The push service this gateway talks to. */
    Provider provider();

    /**
     * Sends one push. The future completes with the service's answer; it completes exceptionally
     * only for failures that are worth retrying (the sender treats them as {@link PushResult.Unavailable}).
     */
    CompletableFuture<PushResult> push(Delivery delivery);

    /**
     * A gateway that builds each push with {@code build}, as the real one builds it, and answers it
     * accepted without sending it: what a sender's primed copy rehearses with before a SnapStart
     * snapshot ({@link DeliverySender#rehearse}).
     */
    static PushGateway rehearsal(Provider provider, Consumer<Delivery> build) {
        return new PushGateway() {
            @Override
            public Provider provider() {
                return provider;
            }

            @Override
            public CompletableFuture<PushResult> push(Delivery delivery) {
                build.accept(delivery);
                return CompletableFuture.completedFuture(new PushResult.Accepted());
            }
        };
    }
}
