package dev.pushregistry.queue.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueueSettingsTest {
    @Test
    void theBackoffDoublesFromTheFirstPauseUpToFifteenMinutes() {
        QueueSettings settings = new QueueSettings("q", "dlq", 5, Duration.ofSeconds(10));

        assertEquals(Duration.ofSeconds(10), settings.backoffAfter(1));
        assertEquals(Duration.ofSeconds(20), settings.backoffAfter(2));
        assertEquals(Duration.ofSeconds(80), settings.backoffAfter(4));
        assertEquals(QueueSettings.MAX_BACKOFF, settings.backoffAfter(12));
        assertEquals(QueueSettings.MAX_BACKOFF, settings.backoffAfter(60));
    }
}
