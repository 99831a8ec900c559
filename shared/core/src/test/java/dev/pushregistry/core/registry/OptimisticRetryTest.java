package dev.pushregistry.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.time.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimisticRetryTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00.000Z");

    @Test
    void aChangeIsVersionedAfterTheClockTheDevicesItFollowsAndTheHistoryFloor() {
        long now = Timestamps.micros(NOW);
        assertEquals(now, new OptimisticRetry.Attempt(1, 0).versionAfter(NOW));
        assertEquals(now + 5, new OptimisticRetry.Attempt(1, 0).versionAfter(NOW, now + 4, 3));
        assertEquals(now + 10, new OptimisticRetry.Attempt(2, now + 9).versionAfter(NOW, now + 4));
    }

    @Test
    void aRefusalTeachesTheNextAttemptHowFarThePersonsHistoryHasMovedOn() {
        long newer = Timestamps.micros(NOW) + 7_000;
        List<Long> versions = new ArrayList<>();

        long applied = new OptimisticRetry(3).run(attempt -> {
            long version = attempt.versionAfter(NOW);
            versions.add(version);
            if (attempt.isFirst()) {
                throw new ConcurrentChangeException("history moved on", null, newer, false);
            }
            return version;
        });

        assertEquals(List.of(Timestamps.micros(NOW), newer + 1), versions);
        assertEquals(newer + 1, applied);
    }

    @Test
    void waitingForAForgetDoesNotUseUpTheAttempts() {
        int[] calls = {0};

        String result = new OptimisticRetry(2).run(attempt -> {
            calls[0]++;
            if (calls[0] <= 5) {
                throw new ConcurrentChangeException("being forgotten", null, 0, true);
            }
            if (calls[0] == 6) {
                throw new ConcurrentChangeException("a device changed", null);
            }
            return "applied on attempt " + attempt.number();
        });

        assertEquals("applied on attempt 7", result);
    }

    @Test
    void concurrentChangesBeyondTheAttemptsAreAConflict() {
        int[] calls = {0};

        RegistryException conflict = assertThrows(RegistryException.class, () -> new OptimisticRetry(3).run(attempt -> {
            calls[0]++;
            throw new ConcurrentChangeException("a device changed", null);
        }));

        assertEquals(ErrorCode.CONFLICT, conflict.code());
        assertEquals(3, calls[0]);
    }

    @Test
    void aForgetThatDoesNotFinishInTimeIsAConflictThatSaysSo() {
        RegistryException conflict = assertThrows(RegistryException.class, () -> new OptimisticRetry(3).run(attempt -> {
            throw new ConcurrentChangeException("being forgotten", null, 0, true);
        }));

        assertEquals(ErrorCode.CONFLICT, conflict.code());
        assertTrue(conflict.getMessage().contains("being forgotten"), conflict.getMessage());
    }
}
