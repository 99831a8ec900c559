package dev.pushregistry.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.device.Platform;
import dev.pushregistry.device.Provider;
import dev.pushregistry.error.ErrorCode;
import dev.pushregistry.error.RegistryException;
import dev.pushregistry.fixtures.Tokens;
import dev.pushregistry.json.Json;
import dev.pushregistry.sending.Delivery;
import dev.pushregistry.sending.MessageOutcome;
import dev.pushregistry.sending.PriorPush;
import dev.pushregistry.sending.PushResult;
import dev.pushregistry.sending.QueuedDelivery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Delivery messages, and the follow-ups that carry a push's answer so that it is only recorded. */
class DeliveryMessagesTest {
    private final Delivery delivery = new Delivery("camp-1", Tokens.apns(), "cust-42", Provider.APNS, Platform.IOS,
            1_795_341_600_000_000L, SendRequests.message(Json.parseObject("{\"title\":\"Hi\"}")));

    @Test
    void aFollowUpCarriesTheDeliveryTheClaimAndEachKindOfAnswer() {
        List<PushResult> answers = List.of(new PushResult.Accepted(), new PushResult.BadToken("BadDeviceToken"),
                new PushResult.Unregistered(Optional.of(Instant.parse("2026-11-22T09:00:00Z"))),
                new PushResult.Unregistered(Optional.empty()));
        for (PushResult answer : answers) {
            String body = DeliveryMessages.writeRecording(new MessageOutcome.FollowUp(delivery, new PriorPush("message-1", answer)));

            QueuedDelivery queued = DeliveryMessages.readQueued("message-2", body, false);
            assertEquals(delivery, queued.delivery());
            assertEquals(Optional.of(new PriorPush("message-1", answer)), queued.pushed());
            assertEquals("message-1", queued.claimId(), "recorded under the claim it was pushed under");
        }
        QueuedDelivery plain = DeliveryMessages.readQueued("message-3", DeliveryMessages.write(delivery), false);
        assertEquals(Optional.empty(), plain.pushed(), "a plain delivery");
        assertEquals("message-3", plain.claimId());
    }

    @Test
    void onlyAnAnswerThatSaysWhatBecameOfThePushIsCarried() {
        assertThrows(IllegalArgumentException.class, () -> new PriorPush("m", new PushResult.Unavailable("down")));
        assertThrows(IllegalArgumentException.class, () -> new PriorPush("m", new PushResult.Misconfigured("topic")));
    }

    @Test
    void aMalformedFollowUpIsRefusedWithTheFieldToBlame() {
        String body = DeliveryMessages.write(delivery).replaceFirst("\\{", "{\"pushed\":{\"claim_id\":\"m\",\"result\":\"maybe\"},");

        RegistryException refused = assertThrows(RegistryException.class, () -> DeliveryMessages.readQueued("m", body, false));
        assertEquals(ErrorCode.INVALID_JSON, refused.code());
        assertTrue(refused.field().startsWith("pushed"), refused.field());
    }

    @Test
    void aBatchReadsEachDistinctMessageOnceAndStillRefusesABadOneInEveryDelivery() {
        DeliveryMessages.Reader batch = new DeliveryMessages.Reader();
        Delivery other = new Delivery("camp-1", Tokens.apns(), "cust-43", Provider.APNS, Platform.IOS,
                1_795_341_600_000_000L, delivery.message());
        Delivery anotherSend = new Delivery("camp-2", Tokens.apns(), "cust-43", Provider.APNS, Platform.IOS,
                1_795_341_600_000_000L, SendRequests.message(Json.parseObject("{\"title\":\"Bye\"}")));

        QueuedDelivery first = batch.readQueued("m1", DeliveryMessages.write(delivery), false);
        QueuedDelivery second = batch.readQueued("m2", DeliveryMessages.write(other), false);
        QueuedDelivery third = batch.readQueued("m3", DeliveryMessages.write(anotherSend), false);

        assertEquals(delivery, first.delivery());
        assertEquals(other, second.delivery());
        assertEquals(anotherSend, third.delivery());
        assertSame(first.delivery().message(), second.delivery().message(), "one send's message is read once");
        assertEquals("Bye", third.delivery().message().title().orElseThrow());
        String tooLarge = DeliveryMessages.write(delivery).replace("\"title\":\"Hi\"",
                "\"title\":\"" + "x".repeat(5000) + "\"");
        for (String messageId : List.of("m4", "m5")) {
            RegistryException refused = assertThrows(RegistryException.class,
                    () -> batch.readQueued(messageId, tooLarge, false));
            assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, refused.code());
        }
    }
}
