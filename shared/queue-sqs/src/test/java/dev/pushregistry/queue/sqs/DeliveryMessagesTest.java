package dev.pushregistry.queue.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.sending.Delivery;
import dev.pushregistry.core.sending.DeliveryGroup;
import dev.pushregistry.core.sending.DeliveryOutcome;
import dev.pushregistry.core.sending.MessageOutcome;
import dev.pushregistry.core.sending.PriorWork;
import dev.pushregistry.core.sending.PushMessage;
import dev.pushregistry.core.sending.PushResult;
import dev.pushregistry.core.sending.QueuedGroup;
import dev.pushregistry.json.Json;
import dev.pushregistry.messages.SendRequestFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Delivery group messages, and the follow-ups that carry pushes' answers so that they are only recorded. */
class DeliveryMessagesTest {
    private final PushMessage hi = SendRequestFormat.message(Json.parseObject("{\"title\":\"Hi\"}"));
    private final DeliveryGroup group = group("camp-1", 4, hi, "cust-42", "cust-43", "cust-44");

    private static DeliveryGroup group(String requestId, int number, PushMessage message, String... people) {
        List<DeliveryGroup.Slot> slots = new ArrayList<>();
        for (int index = 0; index < people.length; index++) {
            ApnsEnvironment environment = index == 1 ? ApnsEnvironment.DEVELOPMENT : ApnsEnvironment.PRODUCTION;
            slots.add(new DeliveryGroup.Slot(index, new Delivery(requestId, new DeviceAddress("shop", Tokens.apns()),
                    environment, people[index], Provider.APNS, Platform.IOS, 1_795_341_600_000_000L + index, message, null)));
        }
        return new DeliveryGroup(requestId, number, Provider.APNS, "shop", message, slots);
    }

    @Test
    void aGroupTravelsWholeWithEachDeliveryAtItsPlace() {
        QueuedGroup queued = DeliveryMessages.read("message-1", DeliveryMessages.write(group), true, "main");

        assertEquals(group, queued.group());
        assertEquals(Optional.empty(), queued.prior(), "a group no message has worked on");
        assertEquals("message-1", queued.claimId());
        assertTrue(queued.finalAttempt());
    }

    @Test
    void aFollowUpCarriesTheClaimEachKindOfAnswerAndTheOutcomesDecided() {
        Map<Integer, PushResult> answers = Map.of(
                0, new PushResult.Accepted(),
                1, new PushResult.BadToken("BadDeviceToken"),
                2, new PushResult.Unregistered(Optional.of(Instant.parse("2026-11-22T09:00:00Z"))));
        PriorWork prior = new PriorWork("message-1", answers, Map.of(3, DeliveryOutcome.FAILED, 5, DeliveryOutcome.SENT),
                Optional.of("BadTopic"));
        DeliveryGroup left = group("camp-1", 4, hi, "a", "b", "c");

        QueuedGroup queued = DeliveryMessages.read("message-2",
                DeliveryMessages.writeFollowUp(new MessageOutcome.FollowUp(left, prior)), false, "main");

        assertEquals(left, queued.group());
        assertEquals(Optional.of(prior), queued.prior());
        assertEquals("message-1", queued.claimId(), "worked under the claim it was pushed under");
        PriorWork gone = new PriorWork("m", Map.of(0, new PushResult.Unregistered(Optional.empty())), Map.of(),
                Optional.empty());
        assertEquals(Optional.of(gone), DeliveryMessages.read("m2",
                DeliveryMessages.writeFollowUp(new MessageOutcome.FollowUp(left, gone)), false, "main").prior());
    }

    @Test
    void aGroupQueuedBeforeThereWereAppsBelongsToTheDefaultApp() {
        String legacy = DeliveryMessages.write(group).replace("\"app_id\":\"shop\",", "")
                .replace("\"apns_environment\":\"development\",", "");
        assertFalse(legacy.contains("app_id") || legacy.contains("apns_environment"), legacy);

        DeliveryGroup read = DeliveryMessages.read("m", legacy, false, "main").group();

        assertEquals("main", read.appId());
        read.slots().forEach(slot -> {
            assertEquals("main", slot.delivery().appId());
            assertEquals(ApnsEnvironment.PRODUCTION, slot.delivery().apnsEnvironment());
        });
    }

    @Test
    void onlyAnAnswerThatSaysWhatBecameOfThePushIsCarried() {
        assertThrows(IllegalArgumentException.class, () -> new PriorWork("m",
                Map.of(0, new PushResult.Unavailable("down")), Map.of(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new PriorWork("m",
                Map.of(0, new PushResult.Misconfigured("topic")), Map.of(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new PriorWork("m",
                Map.of(), Map.of(0, DeliveryOutcome.FAILED), Optional.empty()), "a failure comes with its reason");
    }

    @Test
    void aMalformedMessageIsRefusedWithTheFieldToBlame() {
        String body = DeliveryMessages.write(group);
        Map<String, String> broken = Map.of(
                "prior.answers.0.result", body.replaceFirst("\\{", "{\"prior\":{\"claim_id\":\"m\",\"answers\":{\"0\":{\"result\":\"maybe\"}}},"),
                "prior.outcomes.x", body.replaceFirst("\\{", "{\"prior\":{\"claim_id\":\"m\",\"outcomes\":{\"x\":\"sent\"}},"),
                "deliveries[1].slot", body.replace("\"slot\":1", "\"slot\":0"),
                "deliveries[2].reg_version", body.replace("\"reg_version\":1795341600000002", "\"reg_version\":\"soon\""),
                "deliveries[0].token", body.replaceFirst("\"token\":\"[0-9a-f]+\"", "\"token\":\"not-hex\""),
                "deliveries", body.replaceFirst("\"deliveries\":\\[.*\\]", "\"deliveries\":[]"),
                "group", body.replace("\"group\":4", "\"group\":-1"),
                "deliveries[1].apns_environment", body.replace("\"development\"", "\"staging\""),
                "app_id", body.replace("\"app_id\":\"shop\"", "\"app_id\":\"Shop!\""));
        broken.forEach((field, malformed) -> {
            RegistryException refused = assertThrows(RegistryException.class,
                    () -> DeliveryMessages.read("m", malformed, false, "main"), field);
            assertEquals(field, refused.field(), malformed);
        });
    }

    @Test
    void aGroupIsReadWhateverTheOrderOfItsFieldsAndUnknownFieldsAreIgnored() {
        String reordered = DeliveryMessages.write(group)
                .replaceFirst("^\\{(\"request_id\":\"camp-1\",\"provider\":\"apns\",)(.*)(\"deliveries\":\\[.*\\])\\}$",
                        "{$3,\"added_later\":{\"nested\":[1,{\"token\":5}]},$2$1\"ends\":true}")
                .replace("\"slot\":1,", "\"slot\":1,\"note\":[\"x\",{}],");
        assertTrue(reordered.startsWith("{\"deliveries\""), reordered);

        assertEquals(group, DeliveryMessages.read("m", reordered, false, "main").group());
    }

    @Test
    void aBodyThatIsNotOneStrictGroupIsRefused() {
        String body = DeliveryMessages.write(group);
        String entry = body.substring(body.indexOf("{\"slot\":0"), body.indexOf("},{\"slot\":1") + 1);
        Map<String, String> broken = new HashMap<>(Map.of(
                "trailing content", body + "{}",
                "a field twice", body.replace("\"group\":4", "\"group\":4,\"group\":5"),
                "a delivery's field twice", body.replace("\"slot\":2", "\"slot\":2,\"slot\":2"),
                "81 deliveries", body.replaceFirst("\"deliveries\":\\[", "\"deliveries\":["
                        + (entry + ",").repeat(DeliveryGroup.MAX_SIZE - 2)),
                "deliveries not an array", body.replaceFirst("\"deliveries\":\\[.*\\]", "\"deliveries\":{}"),
                "a delivery not an object", body.replace(entry, "[]"),
                "a version beyond a long", body.replace("1795341600000001", "17953416000000010000000"),
                "a version with a fraction", body.replace("1795341600000001", "1795341600000001.5"),
                "a token as a number", body.replaceFirst("\"token\":\"[0-9a-f]+\"", "\"token\":7"),
                "not an object", "[" + body + "]"));
        broken.putAll(Map.of(
                "a delivery's unknown field twice", body.replace("\"slot\":2", "\"slot\":2,\"note\":1,\"note\":2"),
                "deliveries twice", body.replaceFirst("\"deliveries\":\\[", "\"deliveries\":[" + entry + "],\"deliveries\":["),
                "a message's field twice", body.replace("\"message\":{", "\"message\":{\"title\":\"x\",")));
        Map<String, String> blamed = Map.of(
                "81 deliveries", "deliveries",
                "deliveries not an array", "deliveries",
                "a delivery not an object", "deliveries[0]",
                "a version beyond a long", "deliveries[1].reg_version",
                "a version with a fraction", "deliveries[1].reg_version",
                "a token as a number", "deliveries[0].token");
        broken.forEach((what, malformed) -> {
            RegistryException refused = assertThrows(RegistryException.class,
                    () -> DeliveryMessages.read("m", malformed, false, "main"), what);
            assertEquals(ErrorCode.INVALID_JSON, refused.code(), what);
            assertEquals(blamed.get(what), refused.field(), what);
        });
    }

    @Test
    void aBatchReadsEachDistinctMessageOnceAndStillRefusesABadOneInEveryGroup() {
        DeliveryMessages.Reader batch = new DeliveryMessages.Reader("main");
        DeliveryGroup other = group("camp-1", 5, hi, "cust-45");
        DeliveryGroup anotherSend = group("camp-2", 0, SendRequestFormat.message(Json.parseObject("{\"title\":\"Bye\"}")),
                "cust-43");

        QueuedGroup first = batch.read("m1", DeliveryMessages.write(group), false);
        QueuedGroup second = batch.read("m2", DeliveryMessages.write(other), false);
        QueuedGroup third = batch.read("m3", DeliveryMessages.write(anotherSend), false);

        assertEquals(group, first.group());
        assertEquals(other, second.group());
        assertEquals(anotherSend, third.group());
        assertSame(first.group().message(), second.group().message(), "one send's message is read once");
        assertSame(first.group().message(), first.group().slots().get(2).delivery().message());
        assertEquals("Bye", third.group().message().title().orElseThrow());
        String tooLarge = DeliveryMessages.write(group).replace("\"title\":\"Hi\"",
                "\"title\":\"" + "x".repeat(5000) + "\"");
        for (String messageId : List.of("m4", "m5")) {
            RegistryException refused = assertThrows(RegistryException.class,
                    () -> batch.read(messageId, tooLarge, false));
            assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, refused.code());
        }
    }
}
