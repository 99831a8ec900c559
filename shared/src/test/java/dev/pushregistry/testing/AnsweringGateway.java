package dev.pushregistry.testing;

import dev.pushregistry.device.Provider;
import dev.pushregistry.sending.Delivery;
import dev.pushregistry.sending.PushGateway;
import dev.pushregistry.sending.PushResult;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A push service on a test's terms: it answers each push at once with what the test says. */
public final class AnsweringGateway implements PushGateway {
    private final Provider provider;
    private final Function<Delivery, PushResult> answer;

    private AnsweringGateway(Provider provider, Function<Delivery, PushResult> answer) {
        this.provider = provider;
        this.answer = answer;
    }

    /** An APNs that answers each push with {@code answer}'s result for it. */
    public static PushGateway apns(Function<Delivery, PushResult> answer) {
        return new AnsweringGateway(Provider.APNS, answer);
    }

    @Override
    public Provider provider() {
        return provider;
    }

    @Override
    public CompletableFuture<PushResult> push(Delivery delivery) {
        return CompletableFuture.completedFuture(answer.apply(delivery));
    }
}
