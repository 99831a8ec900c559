package dev.pushregistry.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.aws.Restores;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.fixtures.TickingClock;
import dev.pushregistry.http.auth.Audience;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Keys read again as they age, so a rotation takes effect without a redeploy. */
class RefreshingApiKeysTest {
    private static final Duration REFRESH = Duration.ofMinutes(5);
    private static final Duration MAX_AGE = Duration.ofHours(1);

    private static ApiKeys serverKey(String key) {
        return ApiKeys.fromPlainKeys(Map.of(), List.of(key));
    }

    @Test
    void aKeyRemovedFromTheSecretStopsWorkingOnceTheKeysAreReadAgain() {
        TickingClock clock = new TickingClock(Instant.parse("2026-11-22T10:00:00Z"));
        AtomicReference<ApiKeys> stored = new AtomicReference<>(serverKey("old"));
        RefreshingApiKeys keys = new RefreshingApiKeys(stored::get, REFRESH, MAX_AGE, clock);

        stored.set(serverKey("new"));
        assertEquals(Optional.of(Audience.BACKEND), keys.get().holderOf("old").map(ApiKeys.KeyHolder::audience), "read at most every five minutes");

        clock.advance(REFRESH);
        assertEquals(Optional.empty(), keys.get().holderOf("old").map(ApiKeys.KeyHolder::audience));
        assertEquals(Optional.of(Audience.BACKEND), keys.get().holderOf("new").map(ApiKeys.KeyHolder::audience));
    }

    @Test
    void afterASnapStartRestoreTheKeysAreReadAgainOnTheFirstRequestHoweverYoungTheyLook() {
        TickingClock clock = new TickingClock(Instant.parse("2026-11-22T10:00:00Z"));
        AtomicReference<ApiKeys> stored = new AtomicReference<>(serverKey("old"));
        RefreshingApiKeys keys = new RefreshingApiKeys(stored::get, REFRESH, MAX_AGE, clock);
        stored.set(serverKey("new"));

        Restores.renewAll();

        assertEquals(Optional.empty(), keys.get().holderOf("old").map(ApiKeys.KeyHolder::audience), "the snapshot's keys are not trusted");
        assertEquals(Optional.of(Audience.BACKEND), keys.get().holderOf("new").map(ApiKeys.KeyHolder::audience));
    }

    @Test
    void whenTheSecretCannotBeReadTheLastKeysStayAndTheNextTryWaits() {
        TickingClock clock = new TickingClock(Instant.parse("2026-11-22T10:00:00Z"));
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        RefreshingApiKeys keys = new RefreshingApiKeys(() -> {
            reads.incrementAndGet();
            if (failure.get() != null) {
                throw failure.get();
            }
            return serverKey("current");
        }, REFRESH, MAX_AGE, clock);

        failure.set(new IllegalStateException("Secrets Manager is unreachable"));
        clock.advance(REFRESH);
        assertTrue(keys.get().holderOf("current").map(ApiKeys.KeyHolder::audience).isPresent(), "still valid while the secret cannot be read");
        keys.get();
        assertEquals(2, reads.get(), "no second read straight away");

        clock.advance(RefreshingApiKeys.RETRY_AFTER_FAILURE);
        keys.get();
        assertEquals(3, reads.get());
    }

    @Test
    void keysThatCannotBeReadForLongerThanTheirMaximumAgeRefuseEveryRequestUntilTheyCanBe() {
        TickingClock clock = new TickingClock(Instant.parse("2026-11-22T10:00:00Z"));
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        RefreshingApiKeys keys = new RefreshingApiKeys(() -> {
            if (failure.get() != null) {
                throw failure.get();
            }
            return serverKey("current");
        }, REFRESH, MAX_AGE, clock);
        failure.set(new IllegalStateException("Secrets Manager is unreachable"));

        clock.advance(MAX_AGE.minusSeconds(1));
        assertTrue(keys.get().holderOf("current").isPresent(), "almost an hour old: still trusted");
        clock.advance(Duration.ofSeconds(2));
        RegistryException closed = assertThrows(RegistryException.class, keys::get);
        assertEquals(ErrorCode.INTERNAL, closed.code());
        assertThrows(RegistryException.class, keys::get, "also while the next read waits");

        failure.set(null);
        clock.advance(RefreshingApiKeys.RETRY_AFTER_FAILURE);
        assertTrue(keys.get().holderOf("current").isPresent(), "open again once the secret is read");
    }

    @Test
    void aMaximumAgeShorterThanTheRefreshIntervalIsRefused() {
        TickingClock clock = new TickingClock(Instant.parse("2026-11-22T10:00:00Z"));
        assertThrows(IllegalStateException.class, () -> new RefreshingApiKeys(() -> serverKey("current"), REFRESH,
                Duration.ofMinutes(1), clock));
    }

    @Test
    void keysThatCannotBeReadAtStartUpStopTheFunction() {
        TickingClock clock = new TickingClock(Instant.parse("2026-11-22T10:00:00Z"));

        assertThrows(IllegalStateException.class, () -> new RefreshingApiKeys(() -> {
            throw new IllegalStateException("no secret");
        }, REFRESH, MAX_AGE, clock));
    }
}
