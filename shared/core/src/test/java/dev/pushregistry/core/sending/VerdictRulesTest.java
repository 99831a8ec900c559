package dev.pushregistry.core.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.person.HistoryEventType;
import dev.pushregistry.core.registry.RegistryChange;
import dev.pushregistry.core.time.Timestamps;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every push-service answer against every state the device can be in when the answer arrives, with
 * what must become of the delivery, the device, the owner's history and the queue message. No I/O.
 */
class VerdictRulesTest {
    private static final Instant REGISTERED = Instant.parse("2026-11-27T09:00:00Z");
    private static final long PLANNED_VERSION = Timestamps.micros(REGISTERED);
    private static final long VERDICT_VERSION = PLANNED_VERSION + 60_000_000;
    private static final PushMessage VISIBLE = PushMessage.builder().title("Hi").build();

    /** The answers a push service can give, as the senders read them. */
    enum Answer {
        ACCEPTED(new PushResult.Accepted(), false),
        UNREGISTERED(new PushResult.Unregistered(Optional.empty()), false),
        UNREGISTERED_SINCE_AFTER_REGISTRATION(new PushResult.Unregistered(Optional.of(REGISTERED.plusSeconds(1))), false),
        UNREGISTERED_SINCE_BEFORE_REGISTRATION(new PushResult.Unregistered(Optional.of(REGISTERED.minusSeconds(1))), false),
        BAD_TOKEN(new PushResult.BadToken("BadDeviceToken"), false),
        MISCONFIGURED(new PushResult.Misconfigured("InvalidProviderToken"), false),
        UNAVAILABLE(new PushResult.Unavailable("ServiceUnavailable"), false),
        UNAVAILABLE_ON_THE_LAST_ATTEMPT(new PushResult.Unavailable("ServiceUnavailable"), true);

        final PushResult result;
        final boolean finalAttempt;

        Answer(PushResult result, boolean finalAttempt) {
            this.result = result;
            this.finalAttempt = finalAttempt;
        }
    }

    /** Where the device stands, relative to the registration the delivery was planned for. */
    enum State {
        GONE, MOVED_TO_SOMEONE_ELSE, LOGGED_OUT, REGISTERED_AGAIN, UNUSED, SENT, BOUNCED, SUPPRESSED;

        Device device() {
            Device.Builder planned = Device.builder().appId("shop").token("a".repeat(64)).platform(Platform.IOS)
                    .provider(Provider.APNS).personId("ann").pushEnabled(true).status(DeviceStatus.UNUSED)
                    .lastUsed(REGISTERED).createdAt(REGISTERED).attributes(Map.of())
                    .registrationVersion(PLANNED_VERSION);
            long later = PLANNED_VERSION + 10;
            return switch (this) {
                case GONE -> null;
                case MOVED_TO_SOMEONE_ELSE -> planned.personId("bob").registrationVersion(later).build();
                case LOGGED_OUT -> planned.personId(null).registrationVersion(later).build();
                case REGISTERED_AGAIN -> planned.registrationVersion(later).build();
                case UNUSED -> planned.build();
                case SENT -> planned.status(DeviceStatus.SENT).build();
                case BOUNCED -> planned.status(DeviceStatus.BOUNCED).build();
                case SUPPRESSED -> planned.status(DeviceStatus.SUPPRESSED).build();
            };
        }
    }

    /**
     * answer | device state | what becomes of the message | outcome | the device | history entry.
     * A device change applies to the planned registration only; every other state is left alone.
     */
    private static final String TABLE = """
            ACCEPTED                               | GONE                  | RECORD | SENT          | unchanged  | -
            ACCEPTED                               | MOVED_TO_SOMEONE_ELSE | RECORD | SENT          | unchanged  | -
            ACCEPTED                               | LOGGED_OUT            | RECORD | SENT          | unchanged  | -
            ACCEPTED                               | REGISTERED_AGAIN      | RECORD | SENT          | unchanged  | -
            ACCEPTED                               | UNUSED                | RECORD | SENT          | sent       | -
            ACCEPTED                               | SENT                  | RECORD | SENT          | unchanged  | -
            ACCEPTED                               | BOUNCED               | RECORD | SENT          | sent       | -
            ACCEPTED                               | SUPPRESSED            | RECORD | SENT          | sent       | -
            UNREGISTERED                           | GONE                  | RECORD | SKIPPED_STALE | unchanged  | -
            UNREGISTERED                           | MOVED_TO_SOMEONE_ELSE | RECORD | SKIPPED_STALE | unchanged  | -
            UNREGISTERED                           | LOGGED_OUT            | RECORD | SKIPPED_STALE | unchanged  | -
            UNREGISTERED                           | REGISTERED_AGAIN      | RECORD | SKIPPED_STALE | unchanged  | -
            UNREGISTERED                           | UNUSED                | RECORD | DELETED       | deleted    | DELETED_UNREGISTERED
            UNREGISTERED                           | SENT                  | RECORD | DELETED       | deleted    | DELETED_UNREGISTERED
            UNREGISTERED                           | BOUNCED               | RECORD | DELETED       | deleted    | DELETED_UNREGISTERED
            UNREGISTERED                           | SUPPRESSED            | RECORD | DELETED       | deleted    | DELETED_UNREGISTERED
            UNREGISTERED_SINCE_AFTER_REGISTRATION  | GONE                  | RECORD | SKIPPED_STALE | unchanged  | -
            UNREGISTERED_SINCE_AFTER_REGISTRATION  | MOVED_TO_SOMEONE_ELSE | RECORD | SKIPPED_STALE | unchanged  | -
            UNREGISTERED_SINCE_AFTER_REGISTRATION  | LOGGED_OUT            | RECORD | SKIPPED_STALE | unchanged  | -
            UNREGISTERED_SINCE_AFTER_REGISTRATION  | REGISTERED_AGAIN      | RECORD | SKIPPED_STALE | unchanged  | -
            UNREGISTERED_SINCE_AFTER_REGISTRATION  | UNUSED                | RECORD | DELETED       | deleted    | DELETED_UNREGISTERED
            UNREGISTERED_SINCE_AFTER_REGISTRATION  | SENT                  | RECORD | DELETED       | deleted    | DELETED_UNREGISTERED
            UNREGISTERED_SINCE_AFTER_REGISTRATION  | BOUNCED               | RECORD | DELETED       | deleted    | DELETED_UNREGISTERED
            UNREGISTERED_SINCE_AFTER_REGISTRATION  | SUPPRESSED            | RECORD | DELETED       | deleted    | DELETED_UNREGISTERED
            UNREGISTERED_SINCE_BEFORE_REGISTRATION | GONE                  | RECORD | SKIPPED_STALE | unchanged  | -
            UNREGISTERED_SINCE_BEFORE_REGISTRATION | MOVED_TO_SOMEONE_ELSE | RECORD | SKIPPED_STALE | unchanged  | -
            UNREGISTERED_SINCE_BEFORE_REGISTRATION | LOGGED_OUT            | RECORD | SKIPPED_STALE | unchanged  | -
            UNREGISTERED_SINCE_BEFORE_REGISTRATION | REGISTERED_AGAIN      | RECORD | SKIPPED_STALE | unchanged  | -
            UNREGISTERED_SINCE_BEFORE_REGISTRATION | UNUSED                | RECORD | SKIPPED_STALE | unchanged  | -
            UNREGISTERED_SINCE_BEFORE_REGISTRATION | SENT                  | RECORD | SKIPPED_STALE | unchanged  | -
            UNREGISTERED_SINCE_BEFORE_REGISTRATION | BOUNCED               | RECORD | SKIPPED_STALE | unchanged  | -
            UNREGISTERED_SINCE_BEFORE_REGISTRATION | SUPPRESSED            | RECORD | SKIPPED_STALE | unchanged  | -
            BAD_TOKEN                              | GONE                  | RECORD | SKIPPED_STALE | unchanged  | -
            BAD_TOKEN                              | MOVED_TO_SOMEONE_ELSE | RECORD | SKIPPED_STALE | unchanged  | -
            BAD_TOKEN                              | LOGGED_OUT            | RECORD | SKIPPED_STALE | unchanged  | -
            BAD_TOKEN                              | REGISTERED_AGAIN      | RECORD | SKIPPED_STALE | unchanged  | -
            BAD_TOKEN                              | UNUSED                | RECORD | BOUNCED       | bounced    | -
            BAD_TOKEN                              | SENT                  | RECORD | BOUNCED       | bounced    | -
            BAD_TOKEN                              | BOUNCED               | RECORD | SUPPRESSED    | suppressed | SUPPRESSED
            BAD_TOKEN                              | SUPPRESSED            | RECORD | SUPPRESSED    | unchanged  | -
            MISCONFIGURED                          | GONE                  | FAIL   | FAILED        | unchanged  | -
            MISCONFIGURED                          | MOVED_TO_SOMEONE_ELSE | FAIL   | FAILED        | unchanged  | -
            MISCONFIGURED                          | LOGGED_OUT            | FAIL   | FAILED        | unchanged  | -
            MISCONFIGURED                          | REGISTERED_AGAIN      | FAIL   | FAILED        | unchanged  | -
            MISCONFIGURED                          | UNUSED                | FAIL   | FAILED        | unchanged  | -
            MISCONFIGURED                          | SENT                  | FAIL   | FAILED        | unchanged  | -
            MISCONFIGURED                          | BOUNCED               | FAIL   | FAILED        | unchanged  | -
            MISCONFIGURED                          | SUPPRESSED            | FAIL   | FAILED        | unchanged  | -
            UNAVAILABLE                            | GONE                  | RETRY  | -             | unchanged  | -
            UNAVAILABLE                            | MOVED_TO_SOMEONE_ELSE | RETRY  | -             | unchanged  | -
            UNAVAILABLE                            | LOGGED_OUT            | RETRY  | -             | unchanged  | -
            UNAVAILABLE                            | REGISTERED_AGAIN      | RETRY  | -             | unchanged  | -
            UNAVAILABLE                            | UNUSED                | RETRY  | -             | unchanged  | -
            UNAVAILABLE                            | SENT                  | RETRY  | -             | unchanged  | -
            UNAVAILABLE                            | BOUNCED               | RETRY  | -             | unchanged  | -
            UNAVAILABLE                            | SUPPRESSED            | RETRY  | -             | unchanged  | -
            UNAVAILABLE_ON_THE_LAST_ATTEMPT        | GONE                  | FAIL   | FAILED        | unchanged  | -
            UNAVAILABLE_ON_THE_LAST_ATTEMPT        | MOVED_TO_SOMEONE_ELSE | FAIL   | FAILED        | unchanged  | -
            UNAVAILABLE_ON_THE_LAST_ATTEMPT        | LOGGED_OUT            | FAIL   | FAILED        | unchanged  | -
            UNAVAILABLE_ON_THE_LAST_ATTEMPT        | REGISTERED_AGAIN      | FAIL   | FAILED        | unchanged  | -
            UNAVAILABLE_ON_THE_LAST_ATTEMPT        | UNUSED                | FAIL   | FAILED        | unchanged  | -
            UNAVAILABLE_ON_THE_LAST_ATTEMPT        | SENT                  | FAIL   | FAILED        | unchanged  | -
            UNAVAILABLE_ON_THE_LAST_ATTEMPT        | BOUNCED               | FAIL   | FAILED        | unchanged  | -
            UNAVAILABLE_ON_THE_LAST_ATTEMPT        | SUPPRESSED            | FAIL   | FAILED        | unchanged  | -
            """;

    static Stream<Arguments> table() {
        return TABLE.lines().map(line -> Arrays.stream(line.split("\\|")).map(String::strip).toArray())
                .map(Arguments::of);
    }

    @Test
    void theTableCoversEveryAnswerAgainstEveryDeviceStateOnce() {
        Set<String> cells = new HashSet<>();
        TABLE.lines().forEach(line -> {
            String[] cell = line.split("\\|");
            assertTrue(cells.add(cell[0].strip() + " x " + cell[1].strip()), "twice: " + line);
        });
        assertEquals(Answer.values().length * State.values().length, cells.size());
    }

    @ParameterizedTest(name = "{0} for a device {1}: {2} {3}, device {4}, history {5}")
    @MethodSource("table")
    void eachAnswerDoesWhatTheTableSaysToEachDeviceState(String answer, String state, String kind, String outcome,
                                                         String device, String history) {
        Answer given = Answer.valueOf(answer);
        Device current = State.valueOf(state).device();
        Delivery delivery = new Delivery("r", new DeviceAddress("shop", "a".repeat(64)), ApnsEnvironment.PRODUCTION, "ann", Provider.APNS, Platform.IOS, PLANNED_VERSION, VISIBLE, null);

        VerdictRules.Verdict verdict = VerdictRules.verdict(delivery, current, given.result, given.finalAttempt,
                VERDICT_VERSION);

        assertEquals(VerdictRules.Verdict.Kind.valueOf(kind), verdict.kind());
        assertEquals(outcome.equals("-") ? null : DeliveryOutcome.valueOf(outcome), verdict.outcome());
        if (verdict.kind() != VerdictRules.Verdict.Kind.RECORD) {
            assertTrue(verdict.reason() != null && !verdict.reason().isBlank(), "a failure or retry says why");
        }
        RegistryChange change = verdict.change();
        if (device.equals("unchanged")) {
            assertNull(change, "the device is left alone");
            return;
        }
        assertEquals(1, change.transitions().size());
        RegistryChange.DeviceTransition transition = change.transitions().get(0);
        assertSame(current, transition.before(), "the change is conditioned on the device as it was read");
        if (device.equals("deleted")) {
            assertNull(transition.after());
        } else {
            assertEquals(DeviceStatus.valueOf(device.toUpperCase()), transition.after().status());
            assertEquals(current.registrationVersion(), transition.after().registrationVersion(),
                    "a verdict keeps the registration");
        }
        assertEquals(VERDICT_VERSION, change.version());
        if (history.equals("-")) {
            assertTrue(change.events().isEmpty());
        } else {
            assertEquals(1, change.events().size());
            assertEquals("ann", change.events().get(0).personId());
            assertEquals(HistoryEventType.valueOf(history), change.events().get(0).event().type());
            assertEquals(change.at(), change.events().get(0).event().at());
        }
    }

    @Test
    void aDeviceThatStoppedBeingThePersonsIsNotPushedAndNeitherIsOneThatWouldNotGetThePush() {
        Delivery visible = new Delivery("r", new DeviceAddress("shop", "a".repeat(64)), ApnsEnvironment.PRODUCTION, "ann", Provider.APNS, Platform.IOS, PLANNED_VERSION, VISIBLE, null);
        Delivery background = new Delivery("r", new DeviceAddress("shop", "a".repeat(64)), ApnsEnvironment.PRODUCTION, "ann", Provider.APNS, Platform.IOS, PLANNED_VERSION,
                PushMessage.builder().background(true).build(), null);
        Device disabled = State.UNUSED.device().toBuilder().pushEnabled(false).build();

        assertEquals(Optional.of(DeliveryOutcome.SKIPPED_STALE), VerdictRules.skipBeforePush(visible, State.GONE.device()));
        assertEquals(Optional.of(DeliveryOutcome.SKIPPED_STALE),
                VerdictRules.skipBeforePush(visible, State.MOVED_TO_SOMEONE_ELSE.device()));
        assertEquals(Optional.of(DeliveryOutcome.SKIPPED_STALE), VerdictRules.skipBeforePush(visible, State.LOGGED_OUT.device()));
        assertEquals(Optional.empty(), VerdictRules.skipBeforePush(visible, State.REGISTERED_AGAIN.device()),
                "the same person registered again: the push still goes");
        assertEquals(Optional.empty(), VerdictRules.skipBeforePush(visible, State.BOUNCED.device()));
        assertEquals(Optional.of(DeliveryOutcome.SKIPPED_SUPPRESSED),
                VerdictRules.skipBeforePush(visible, State.SUPPRESSED.device()));
        assertEquals(Optional.of(DeliveryOutcome.SKIPPED_PUSH_DISABLED), VerdictRules.skipBeforePush(visible, disabled));
        assertEquals(Optional.empty(), VerdictRules.skipBeforePush(background, disabled), "background pushes still go");
    }

    @Test
    void aVerdictMarksTheDeviceWithItsRequestSoThatARepeatedDeliveryNeitherPushesNorChangesItAgain() {
        Delivery delivery = new Delivery("r", new DeviceAddress("shop", "a".repeat(64)), ApnsEnvironment.PRODUCTION, "ann", Provider.APNS, Platform.IOS, PLANNED_VERSION, VISIBLE, null);
        VerdictRules.Verdict bounce = VerdictRules.verdict(delivery, State.SENT.device(),
                new PushResult.BadToken("BadDeviceToken"), false, VERDICT_VERSION);
        Device bounced = bounce.change().transitions().get(0).after();
        assertEquals(Optional.of("r"), bounced.lastRequest());

        assertEquals(Optional.of(DeliveryOutcome.BOUNCED), VerdictRules.skipBeforePush(delivery, bounced),
                "an earlier attempt pushed it and bounced the device: not pushed again");
        VerdictRules.Verdict again = VerdictRules.verdict(delivery, bounced, new PushResult.BadToken("BadDeviceToken"),
                false, VERDICT_VERSION + 1);
        assertEquals(DeliveryOutcome.BOUNCED, again.outcome(), "not a second failure in a row");
        assertNull(again.change());

        Delivery nextSend = new Delivery("r2", new DeviceAddress("shop", "a".repeat(64)), ApnsEnvironment.PRODUCTION, "ann", Provider.APNS, Platform.IOS, PLANNED_VERSION, VISIBLE, null);
        assertEquals(Optional.empty(), VerdictRules.skipBeforePush(nextSend, bounced), "another send pushes");
        assertEquals(DeliveryOutcome.SUPPRESSED, VerdictRules.verdict(nextSend, bounced,
                new PushResult.BadToken("BadDeviceToken"), false, VERDICT_VERSION + 1).outcome());
        Device registeredAgain = bounced.toBuilder().registrationVersion(PLANNED_VERSION + 5).build();
        assertEquals(Optional.empty(), VerdictRules.skipBeforePush(
                new Delivery("r", new DeviceAddress("shop", "a".repeat(64)), ApnsEnvironment.PRODUCTION, "ann", Provider.APNS, Platform.IOS, PLANNED_VERSION + 5, VISIBLE, null),
                registeredAgain), "the mark speaks only for the registration it was made on");
    }

    /** A delivery of the test's message to {@code token} of {@code app}, to the APNs endpoint of {@code environment}. */
    private static Delivery to(String app, String token, ApnsEnvironment environment) {
        return new Delivery("r", new DeviceAddress(app, token), environment, "ann", Provider.APNS, Platform.IOS,
                PLANNED_VERSION, VISIBLE, null);
    }

    private static Delivery to(String token) {
        return to("shop", token, ApnsEnvironment.PRODUCTION);
    }

    @Test
    void whenMostDistinctTokensOfABatchAreBadTheCredentialsAreBlamedNotTheDevices() {
        Map<Delivery, PushResult> batch = new LinkedHashMap<>();
        batch.put(to("1".repeat(64)), new PushResult.BadToken("BadDeviceToken"));
        batch.put(to("2".repeat(64)), new PushResult.BadToken("DeviceTokenNotForTopic"));
        batch.put(to("3".repeat(64)), new PushResult.Accepted());

        Map<Delivery, PushResult> read = VerdictRules.readBadTokenMajority(batch, Function.identity(), 3, Provider.APNS);

        List<PushResult> answers = List.copyOf(read.values());
        assertInstanceOf(PushResult.Misconfigured.class, answers.get(0));
        assertInstanceOf(PushResult.Misconfigured.class, answers.get(1));
        assertInstanceOf(PushResult.Accepted.class, answers.get(2));
        String reason = ((PushResult.Misconfigured) answers.get(0)).reason();
        assertTrue(reason.contains("2 of 3") && reason.contains("app shop (APNs production)")
                && reason.contains("BadDeviceToken"), reason);
    }

    @Test
    void badTokensAreJudgedPerAppAndEnvironment() {
        Map<Delivery, PushResult> batch = new LinkedHashMap<>();
        List.of("1", "2", "3").forEach(digit -> batch.put(to("shop", digit.repeat(64), ApnsEnvironment.DEVELOPMENT),
                new PushResult.BadToken("BadDeviceToken")));
        batch.put(to("shop", "4".repeat(64), ApnsEnvironment.PRODUCTION), new PushResult.BadToken("BadDeviceToken"));
        List.of("5", "6").forEach(digit -> batch.put(to("shop", digit.repeat(64), ApnsEnvironment.PRODUCTION),
                new PushResult.Accepted()));
        List.of("7", "8").forEach(digit -> batch.put(to("courier", digit.repeat(64), ApnsEnvironment.PRODUCTION),
                new PushResult.BadToken("BadDeviceToken")));

        Map<Delivery, PushResult> read = VerdictRules.readBadTokenMajority(batch, Function.identity(), 2, Provider.APNS);

        read.forEach((delivery, answer) -> {
            boolean developmentOfShop = delivery.apnsEnvironment() == ApnsEnvironment.DEVELOPMENT;
            boolean courier = delivery.appId().equals("courier");
            if (developmentOfShop || courier) {
                assertInstanceOf(PushResult.Misconfigured.class, answer, delivery.toString());
                assertTrue(((PushResult.Misconfigured) answer).reason().contains(courier
                        ? "app courier (APNs production)" : "app shop (APNs development)"));
            } else {
                assertEquals(batch.get(delivery), answer, "shop's production tokens are 1 bad of 3: the device's fault");
            }
        });
    }

    @Test
    void halfTheTokensOrFewerThanTheQuorumAreTheDevicesFault() {
        Map<Delivery, PushResult> half = new LinkedHashMap<>();
        half.put(to("1".repeat(64)), new PushResult.BadToken("BadDeviceToken"));
        half.put(to("2".repeat(64)), new PushResult.BadToken("BadDeviceToken"));
        half.put(to("3".repeat(64)), new PushResult.Accepted());
        half.put(to("4".repeat(64)), new PushResult.Accepted());
        Map<Delivery, PushResult> small = Map.of(to("1".repeat(64)), new PushResult.BadToken("BadDeviceToken"),
                to("2".repeat(64)), new PushResult.BadToken("BadDeviceToken"));
        Map<String, PushResult> oneTokenManyTimes = new LinkedHashMap<>();
        List.of("m1", "m2", "m3").forEach(message -> oneTokenManyTimes.put(message, new PushResult.BadToken("BadDeviceToken")));
        oneTokenManyTimes.put("m4", new PushResult.Accepted());
        oneTokenManyTimes.put("m5", new PushResult.Accepted());

        assertSame(half, VerdictRules.readBadTokenMajority(half, Function.identity(), 3, Provider.APNS));
        assertSame(small, VerdictRules.readBadTokenMajority(small, Function.identity(), 3, Provider.APNS));
        assertSame(oneTokenManyTimes, VerdictRules.readBadTokenMajority(oneTokenManyTimes,
                message -> to(message.equals("m4") ? "4".repeat(64) : message.equals("m5") ? "5".repeat(64) : "1".repeat(64)),
                3, Provider.APNS), "tokens count once however often they were pushed: 1 bad of 3");
    }

    @Test
    void aFailureOrRetrySaysWhatThePushServiceSaid() {
        Delivery delivery = new Delivery("r", new DeviceAddress("shop", "a".repeat(64)), ApnsEnvironment.PRODUCTION, "ann", Provider.APNS, Platform.IOS, PLANNED_VERSION, VISIBLE, null);
        assertEquals("InvalidProviderToken", VerdictRules.verdict(delivery, State.SENT.device(),
                Answer.MISCONFIGURED.result, false, VERDICT_VERSION).reason());
        assertEquals("ServiceUnavailable", VerdictRules.verdict(delivery, State.SENT.device(),
                Answer.UNAVAILABLE.result, false, VERDICT_VERSION).reason());
        assertEquals("retry budget spent: ServiceUnavailable", VerdictRules.verdict(delivery, State.SENT.device(),
                Answer.UNAVAILABLE.result, true, VERDICT_VERSION).reason());
    }
}
