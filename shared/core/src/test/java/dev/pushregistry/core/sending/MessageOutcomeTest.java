package dev.pushregistry.core.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The end of a message's retry budget, decided in one place for every queue. */
class MessageOutcomeTest {
    private static MessageOutcome outcome(String disposition) {
        return switch (disposition) {
            case "done" -> MessageOutcome.done();
            case "retry" -> MessageOutcome.retry("APNs 503");
            default -> MessageOutcome.deadLetter("invalid_json: no");
        };
    }

    @ParameterizedTest(name = "{0} on the last attempt: {1}; earlier: {0}")
    @CsvSource({
        "done, DONE, ",
        "retry, DEAD_LETTER, retry budget spent: APNs 503",
        "dead_letter, DEAD_LETTER, invalid_json: no"})
    void onlyARetryOnTheLastAttemptChangesAndItIsDeadLetteredWithItsReason(String disposition,
                                                                          MessageOutcome.Disposition last,
                                                                          String lastReason) {
        MessageOutcome before = outcome(disposition);

        assertEquals(before, before.onAttempt(false));
        assertEquals(last, before.onAttempt(true).disposition());
        assertEquals(lastReason, before.onAttempt(true).reason());
    }
}
