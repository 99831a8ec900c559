package dev.pushregistry.system.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.person.HistoryEventType;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.system.Endpoints;
import dev.pushregistry.testing.Bodies;
import dev.pushregistry.testing.SampleEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many threads identify one token for different people at once, with registers and logouts in
 * between. Afterwards the token has exactly one owner (or none, after a logout), and no item of the
 * table disagrees with it.
 */
class ConcurrentOwnershipTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 30;

    @ParameterizedTest
    @EnumSource(LogoutPolicy.class)
    void racingIdentifiesLeaveExactlyOneOwner(LogoutPolicy policy) throws Exception {
        TestRegistry registry = TestRegistry.create();
        Endpoints endpoints = new Endpoints(registry, policy);
        String token = Tokens.apns();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger moves = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> work = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            String person = "racer-" + thread;
            int seed = thread;
            work.add(pool.submit(() -> {
                start.await();
                for (int round = 0; round < ROUNDS; round++) {
                    APIGatewayV2HTTPResponse response;
                    int pick = (round + seed) % 6;
                    if (pick == 4) {
                        response = endpoints.call(SampleEvents.withBody("register.json",
                                Bodies.device(token, "ios").toString()));
                    } else if (pick == 5) {
                        response = endpoints.call(SampleEvents.withBody("logout.json",
                                Bodies.logout("racer-" + ((seed + round) % THREADS), token).toString()));
                    } else {
                        response = endpoints.call(SampleEvents.withBody("identify.json",
                                Bodies.identify(person, token, "ios").toString()));
                    }
                    statuses.computeIfAbsent(response.getStatusCode(), code -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : work) {
            future.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        // the app key is not told whom a token moved from: the racers' histories say how often it moved
        for (int thread = 0; thread < THREADS; thread++) {
            moves.addAndGet((int) registry.people().tokenHistory("racer-" + thread, registry.clock().instant()).stream()
                    .filter(event -> event.type() == HistoryEventType.MOVED_IN).count());
        }

        System.out.printf("concurrent ownership (%s): statuses %s, moves %d%n", policy, statuses, moves.get());
        assertTrue(statuses.keySet().stream().allMatch(code -> code == 200 || code == 204 || code == 409),
                "only successes and retryable conflicts: " + statuses);
        assertTrue(moves.get() > 0, "the token really moved between people while racing");

        registry.assertConsistent();
        Optional<Device> device = registry.store().findDevice(TestRegistry.at(token), registry.clock().peek());
        List<String> listing = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            String person = "racer-" + thread;
            boolean lists = registry.store().findPersonDevices(person, registry.clock().peek()).devices().stream()
                    .anyMatch(owned -> owned.token().equals(token));
            if (lists) {
                listing.add(person);
            }
        }
        assertEquals(device.flatMap(Device::personId).map(List::of).orElse(List.of()), listing,
                "exactly the token's owner lists it among their devices");
    }
}
