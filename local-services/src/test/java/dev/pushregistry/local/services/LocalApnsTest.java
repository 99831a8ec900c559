package dev.pushregistry.local.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The local APNs over real TLS with a real Pushy client: a Live Activity push is taken on the app's
 * {@code .push-type.liveactivity} topic and refused on the plain one, and the other way round, with
 * APNs' {@code DeviceTokenNotForTopic}; the inbox keeps each push's type and topic.
 */
class LocalApnsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "ab".repeat(32);

    private static ApnsClient client(LocalApns apns, String appId) throws Exception {
        JsonNode credentials = JSON.readTree(apns.credentialsJson(appId));
        return new ApnsClientBuilder()
                .setApnsServer("127.0.0.1", apns.port())
                .setSigningKey(ApnsSigningKey.loadFromInputStream(new ByteArrayInputStream(
                        credentials.get("private_key").asText().getBytes(StandardCharsets.UTF_8)),
                        credentials.get("team_id").asText(), credentials.get("key_id").asText()))
                .setTrustedServerCertificateChain(new ByteArrayInputStream(
                        LocalApns.certificatePem().getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    private static PushNotificationResponse<SimpleApnsPushNotification> push(ApnsClient client, String topic,
                                                                             PushType type, String payload) {
        return client.sendNotification(new SimpleApnsPushNotification(TOKEN, topic, payload, null,
                com.eatthepath.pushy.apns.DeliveryPriority.IMMEDIATE, type)).join();
    }

    @Test
    void aLiveActivityPushGoesToTheLiveActivityTopicAndNoOtherPushDoes() throws Exception {
        PushInbox inbox = new PushInbox();
        LocalApns apns = LocalApns.start(inbox, Clock.systemUTC());
        ApnsClient client = client(apns, "demo");
        try {
            String topic = LocalApns.topicOf("demo");
            String update = "{\"aps\":{\"timestamp\":1795341600,\"event\":\"update\",\"content-state\":{\"eta\":5}}}";

            PushNotificationResponse<?> onItsTopic = push(client, topic + ".push-type.liveactivity", PushType.LIVE_ACTIVITY,
                    update);
            PushNotificationResponse<?> onThePlainTopic = push(client, topic, PushType.LIVE_ACTIVITY, update);
            PushNotificationResponse<?> alertOnTheLiveActivityTopic = push(client, topic + ".push-type.liveactivity",
                    PushType.ALERT, "{\"aps\":{\"alert\":\"Hi\"}}");
            PushNotificationResponse<?> alert = push(client, topic, PushType.ALERT, "{\"aps\":{\"alert\":\"Hi\"}}");

            assertTrue(onItsTopic.isAccepted(), onItsTopic.toString());
            assertEquals(Optional.of("DeviceTokenNotForTopic"), onThePlainTopic.getRejectionReason());
            assertEquals(Optional.of("DeviceTokenNotForTopic"), alertOnTheLiveActivityTopic.getRejectionReason());
            assertTrue(alert.isAccepted(), alert.toString());
            List<PushInbox.AcceptedPush> taken = inbox.pushes(TOKEN);
            assertEquals(2, taken.size(), "the refused pushes are not in the inbox");
            assertEquals(List.of("alert", "liveactivity"), taken.stream().map(PushInbox.AcceptedPush::pushType).toList());
            assertEquals(List.of(topic, topic + ".push-type.liveactivity"),
                    taken.stream().map(PushInbox.AcceptedPush::topic).toList());
            assertEquals(List.of("demo", "demo"), taken.stream().map(PushInbox.AcceptedPush::appId).toList(),
                    "both topics are the app's");
        } finally {
            client.close().join();
            apns.close();
        }
    }
}
