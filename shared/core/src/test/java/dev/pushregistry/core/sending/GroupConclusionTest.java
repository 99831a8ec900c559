package dev.pushregistry.core.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What becomes of a group's message once this attempt has a result for every delivery it worked
 * on, as a table: the results of a three-delivery group (slot by slot), whether the previous
 * attempt failed slot 2, whether the outcomes could be written, whether anything was pushed and
 * answered; and the message's disposition, with what a follow-up carries. No I/O.
 */
class GroupConclusionTest {
    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");
    private static final PushMessage HI = PushMessage.builder().title("Hi").build();

    private static Delivery delivery(int index) {
        Device device = Device.builder().appId("shop").token(String.valueOf((char) ('a' + index)).repeat(64))
                .platform(Platform.IOS).provider(Provider.APNS).personId("ann").pushEnabled(true)
                .status(DeviceStatus.UNUSED).lastUsed(NOW).createdAt(NOW).attributes(Map.of()).registrationVersion(1)
                .build();
        return Delivery.plan("r", device, HI);
    }

    /** {@code sent}, {@code failed}, {@code retry}, {@code unapplied}, or {@code -} for a slot this attempt did not work on. */
    private static SlotResult result(String cell) {
        return switch (cell) {
            case "sent" -> new SlotResult.Decided(DeliveryOutcome.SENT, null);
            case "failed" -> new SlotResult.Decided(DeliveryOutcome.FAILED, "BadTopic");
            case "retry" -> new SlotResult.Retry("ServiceUnavailable");
            case "unapplied" -> new SlotResult.Unapplied(new PushResult.Accepted(), "table unreachable");
            default -> null;
        };
    }

    /**
     * slot 0 | slot 1 | slot 2 | earlier failure of slot 2 | written | answered | disposition | reason |
     * follow-up: slots left, answers to record, outcomes to record.
     */
    @ParameterizedTest(name = "{0} {1} {2}, earlier failure {3}, written {4}, answered {5} -> {6}")
    @CsvSource(delimiter = '|', textBlock = """
            sent      | sent      | sent      | false | true  | true  | DONE        | -                    | -     | -   | -
            sent      | failed    | sent      | false | true  | true  | DEAD_LETTER | BadTopic             | -     | -   | -
            sent      | retry     | sent      | false | true  | true  | RETRY       | ServiceUnavailable   | -     | -   | -
            sent      | retry     | failed    | false | true  | true  | RETRY       | ServiceUnavailable   | -     | -   | -
            sent      | unapplied | retry     | false | true  | true  | HAND_OVER   | table unreachable    | 1,2   | 1   | -
            retry     | unapplied | sent      | false | true  | false | RETRY       | table unreachable    | -     | -   | -
            sent      | sent      | -         | true  | true  | true  | DEAD_LETTER | the earlier reason   | -     | -   | -
            sent      | -         | -         | true  | true  | true  | DEAD_LETTER | the earlier reason   | -     | -   | -
            sent      | unapplied | failed    | false | false | true  | HAND_OVER   | table refused        | 0,1,2 | 1   | 0,2
            sent      | retry     | sent      | false | false | false | RETRY       | table refused        | -     | -   | -
            """)
    void theMessagesDispositionFollowsFromItsDeliveriesResults(String slot0, String slot1, String slot2,
                                                                boolean earlierFailure, boolean written, boolean answered,
                                                                MessageOutcome.Disposition disposition, String reason,
                                                                String slotsLeft, String answersLeft, String outcomesLeft) {
        List<DeliveryGroup.Slot> slots = new ArrayList<>();
        Map<Integer, SlotResult> results = new HashMap<>();
        String[] cells = {slot0, slot1, slot2};
        for (int index = 0; index < 3; index++) {
            slots.add(new DeliveryGroup.Slot(index, delivery(index)));
            SlotResult result = result(cells[index]);
            if (result != null) {
                results.put(index, result);
            }
        }
        QueuedGroup queued = new QueuedGroup("m1", new DeliveryGroup("r", 0, Provider.APNS, "shop", HI, slots), false);
        List<Optional<DeliveryOutcome>> recorded = new ArrayList<>(List.of(Optional.empty(), Optional.empty(),
                earlierFailure ? Optional.of(DeliveryOutcome.FAILED) : Optional.empty()));
        GroupRecord before = new GroupRecord("r", 0, Provider.APNS, "shop", Optional.of(HI.fingerprint()),
                slots.stream().map(slot -> GroupRecord.fingerprint(slot.delivery().token())).toList(),
                Optional.of("m0"), recorded, earlierFailure ? Optional.of("the earlier reason") : Optional.empty());

        MessageOutcome outcome = written
                ? GroupConclusion.afterRecording(queued, before, results, answered)
                : GroupConclusion.leaveForLater(queued, results, answered, "table refused", true);

        assertEquals(disposition, outcome.disposition(), outcome.toString());
        assertEquals(reason.equals("-") ? null : reason, outcome.reason());
        if (outcome.followUp() == null) {
            assertEquals("-", slotsLeft);
            return;
        }
        assertEquals(slotsLeft, String.join(",", outcome.followUp().group().slots().stream()
                .map(slot -> String.valueOf(slot.index())).toList()));
        assertEquals(answersLeft, cellOf(outcome.followUp().prior().answers().keySet()));
        assertEquals(outcomesLeft, cellOf(outcome.followUp().prior().outcomes().keySet()));
    }

    private static String cellOf(java.util.Set<Integer> indexes) {
        return indexes.isEmpty() ? "-" : String.join(",", indexes.stream().sorted().map(String::valueOf).toList());
    }
}
