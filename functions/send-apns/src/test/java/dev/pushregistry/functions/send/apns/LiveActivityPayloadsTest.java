package dev.pushregistry.functions.send.apns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.core.device.ApnsEnvironment;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.sending.Delivery;
import dev.pushregistry.core.sending.PushMessage;
import dev.pushregistry.json.Json;
import dev.pushregistry.messages.PushPayloads;
import dev.pushregistry.messages.SendRequestFormat;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Live Activity push as the APNs sender builds it with Pushy: the payload Pushy's builder writes is
 * the one the registry sized when it took the request, and the request goes to the Live Activity
 * token on the app's {@code .push-type.liveactivity} topic as push type {@code liveactivity}, at
 * priority 10 with an alert and 5 without.
 */
class LiveActivityPayloadsTest {
    private static final Instant ACCEPTED = Instant.parse("2026-12-05T18:00:00Z");

    private static PushMessage message(String body) {
        return SendRequestFormat.parse(Json.parseObject(body), Apps.of("demo"), () -> "r").acceptedAt(ACCEPTED).message();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"person_id\":\"ann\",\"message\":{\"title\":\"Ordered\",\"body\":\"Thanks\",\"sound\":\"ding.caf\",\"data\":{\"k\":\"v\"}},"
                + "\"live_activity\":{\"event\":\"start\",\"activity_type\":\"DeliveryAttributes\","
                + "\"attributes\":{\"order\":\"77\",\"items\":[1,2.5,true,null,{\"x\":\"y\"}]},"
                + "\"content_state\":{\"status\":\"placed\",\"eta\":12},\"relevance_score\":50,"
                + "\"stale_date\":\"2026-12-05T19:00:00+01:00\"}}",
        "{\"person_id\":\"ann\",\"live_activity\":{\"event\":\"update\",\"activity_id\":\"order-77\","
                + "\"content_state\":{\"status\":\"picked_up\"}}}",
        "{\"person_id\":\"ann\",\"live_activity\":{\"event\":\"end\",\"activity_id\":\"order-77\","
                + "\"dismissal_date\":\"2026-12-05T20:00:00Z\"}}"})
    void pushysPayloadIsTheOneTheRegistrySizedAndGoesAsALiveActivityPush(String request) {
        PushMessage message = message(request);
        Delivery delivery = new Delivery("r", new DeviceAddress("demo", "a".repeat(64)), ApnsEnvironment.PRODUCTION, "ann",
                Provider.APNS, Platform.IOS, 1, message, "b".repeat(64));

        String payload = ApnsGateway.apnsPayload(message);
        SimpleApnsPushNotification notification = ApnsGateway.notification(delivery, "dev.pushregistry.demo", payload,
                ACCEPTED);

        assertEquals(Json.parseObject(PushPayloads.apnsPayload(message)), Json.parseObject(payload));
        assertEquals(ACCEPTED.getEpochSecond(), Json.parseObject(payload).get("aps").get("timestamp").asLong());
        assertEquals("b".repeat(64), notification.getToken(), "to the Live Activity token, not the device's");
        assertEquals("dev.pushregistry.demo.push-type.liveactivity", notification.getTopic());
        assertEquals(PushType.LIVE_ACTIVITY, notification.getPushType());
        assertEquals(message.title().isPresent() ? DeliveryPriority.IMMEDIATE : DeliveryPriority.CONSERVE_POWER,
                notification.getPriority());
    }
}
