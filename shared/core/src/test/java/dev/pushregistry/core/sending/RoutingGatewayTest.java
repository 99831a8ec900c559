package dev.pushregistry.core.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.fixtures.AnsweringGateway;
import dev.pushregistry.core.fixtures.TickingClock;
import dev.pushregistry.core.fixtures.Tokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One gateway per app and APNs environment, opened on first use; an app without usable credentials fails alone. */
class RoutingGatewayTest {
    private static final PushMessage HI = PushMessage.builder().title("Hi").build();

    private static Delivery to(String app, ApnsEnvironment environment) {
        return new Delivery("r", new DeviceAddress(app, Tokens.apns()), environment, "ann", Provider.APNS, Platform.IOS,
                1L, HI, null);
    }

    @Test
    void eachRouteIsOpenedOnceOnItsFirstPush() {
        List<PushRoute> opened = new ArrayList<>();
        RoutingGateway gateway = new RoutingGateway(Provider.APNS, route -> {
            opened.add(route);
            return AnsweringGateway.apns(delivery -> new PushResult.Accepted());
        }, new TickingClock(Instant.parse("2026-11-28T10:00:00Z")));

        for (int round = 0; round < 3; round++) {
            gateway.push(to("shop", ApnsEnvironment.PRODUCTION)).join();
            gateway.push(to("shop", ApnsEnvironment.DEVELOPMENT)).join();
            gateway.push(to("courier", ApnsEnvironment.PRODUCTION)).join();
        }

        assertEquals(List.of(new PushRoute("shop", ApnsEnvironment.PRODUCTION),
                new PushRoute("shop", ApnsEnvironment.DEVELOPMENT), new PushRoute("courier", ApnsEnvironment.PRODUCTION)),
                opened);
    }

    @Test
    void aRouteThatCannotBeOpenedAnswersAConfigurationErrorAndIsTriedAgainAfterAMinute() {
        TickingClock clock = new TickingClock(Instant.parse("2026-11-28T10:00:00Z"));
        List<String> attempts = new ArrayList<>();
        RoutingGateway gateway = new RoutingGateway(Provider.APNS, route -> {
            attempts.add(route.appId());
            if (route.appId().equals("courier") && attempts.size() < 3) {
                throw new IllegalStateException("no APNS credentials for app courier");
            }
            return AnsweringGateway.apns(delivery -> new PushResult.Accepted());
        }, clock);

        PushResult refused = gateway.push(to("courier", ApnsEnvironment.PRODUCTION)).join();
        gateway.push(to("courier", ApnsEnvironment.PRODUCTION)).join();
        PushResult other = gateway.push(to("shop", ApnsEnvironment.PRODUCTION)).join();

        assertInstanceOf(PushResult.Misconfigured.class, refused);
        assertTrue(((PushResult.Misconfigured) refused).reason().contains("app courier (APNs production)"));
        assertInstanceOf(PushResult.Accepted.class, other, "another app is not held up");
        assertEquals(List.of("courier", "shop"), attempts, "not opened again at once");
        clock.advance(RoutingGateway.REOPEN_AFTER);
        assertInstanceOf(PushResult.Accepted.class, gateway.push(to("courier", ApnsEnvironment.PRODUCTION)).join());
    }
}
