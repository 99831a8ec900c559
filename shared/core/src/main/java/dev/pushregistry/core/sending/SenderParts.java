package dev.pushregistry.core.sending;

import dev.pushregistry.core.concurrency.BoundedParallel;
import dev.pushregistry.core.registry.RegistryStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * What every part of a sender works with: the stores, the push service, the settings, the workers
 * that make the table calls, and how a group's outcomes are written.
 */
record SenderParts(RegistryStore registry, SendStore sends, PushGateway gateway, SenderSettings settings,
                   BoundedParallel storeCalls, GroupRecorder recorder) {

    /** Pushes one delivery: the push service's answer, or the failure that kept it from answering. */
    CompletableFuture<PushResult> push(Delivery delivery) {
        try {
            return gateway.push(delivery);
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    String provider() {
        return gateway.provider().wire();
    }

    static Throwable causeOf(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** A push that got no answer, read as the push service being unavailable. */
    static PushResult unavailable(Throwable failure) {
        Throwable cause = causeOf(failure);
        if (cause instanceof TimeoutException) {
            return new PushResult.Unavailable("no answer from the push service in time");
        }
        return new PushResult.Unavailable("could not reach the push service: " + cause.getClass().getSimpleName());
    }

    static String describe(Throwable trouble) {
        return trouble.getClass().getSimpleName() + ": " + trouble.getMessage();
    }
}
