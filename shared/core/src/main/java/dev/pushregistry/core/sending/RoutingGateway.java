package dev.pushregistry.core.sending;

import dev.pushregistry.core.device.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One push service reached with each app's own credentials: a gateway per {@link PushRoute} (an
 * app, and for APNs the token's environment), opened on the route's first push and kept for the
 * container's life. A route whose gateway cannot be opened (no credentials for the app, or unusable
 * ones) answers its pushes as a configuration error, which fails them without touching a device,
 * and is tried again after {@link #REOPEN_AFTER}.
 */
public final class RoutingGateway implements PushGateway, AutoCloseable {
    /** How long a route that could not be opened answers from its failure before it is tried again. */
    static final Duration REOPEN_AFTER = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(RoutingGateway.class);

    private final Provider provider;
    private final Function<PushRoute, PushGateway> open;
    private final Clock clock;
    private final Map<PushRoute, Opened> routes = new ConcurrentHashMap<>();

    /**
     * @param open opens the gateway of a route; throws {@link IllegalStateException} saying why
     *     when it cannot
     */
    public RoutingGateway(Provider provider, Function<PushRoute, PushGateway> open, Clock clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.open = Objects.requireNonNull(open, "open");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Provider provider() {
        return provider;
    }

    @Override
    public CompletableFuture<PushResult> push(Delivery delivery) {
        PushRoute route = delivery.route();
        Opened opened = routes.compute(route, (key, known) -> known == null || known.expired(clock.instant())
                ? open(key) : known);
        if (opened.failure() != null) {
            return CompletableFuture.completedFuture(new PushResult.Misconfigured(opened.failure()));
        }
        return opened.gateway().push(delivery);
    }

    private Opened open(PushRoute route) {
        try {
            PushGateway gateway = Objects.requireNonNull(open.apply(route), "the route's gateway");
            LOG.atInfo().addKeyValue("provider", provider.wire()).addKeyValue("app_id", route.appId())
                    .log("{} opened for {}", provider.wire(), route.describe(provider));
            return new Opened(gateway, null, null);
        } catch (IllegalStateException unusable) {
            String reason = provider.wire() + " cannot send for " + route.describe(provider) + ": "
                    + unusable.getMessage();
            LOG.atError().addKeyValue("provider", provider.wire()).addKeyValue("app_id", route.appId()).log(reason);
            return new Opened(null, reason, clock.instant().plus(REOPEN_AFTER));
        }
    }

    /** Closes every gateway opened. */
    @Override
    public void close() {
        for (Opened opened : routes.values()) {
            if (opened.gateway() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception failure) {
                    LOG.warn("a {} gateway did not close cleanly: {}", provider.wire(), failure.toString());
                }
            }
        }
        routes.clear();
    }

    /** A route's gateway, or why it could not be opened and when to try again. */
    private record Opened(PushGateway gateway, String failure, Instant retryAt) {
        /** Whether it failed to open and the time to try again has come. */
        boolean expired(Instant now) {
            return failure != null && !now.isBefore(retryAt);
        }
    }
}
