package dev.pushregistry.queue.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pushregistry.aws.fixtures.ProjectFiles;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.sending.QueuedGroup;
import dev.pushregistry.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sample SQS events for the senders ({@code sam local invoke -e}) carry delivery groups a sender reads. */
class SampleDeliveryEventsTest {
    private static final String APP = "main";

    @ParameterizedTest
    @CsvSource({"send-apns.json, APNS", "send-fcm.json, FCM"})
    void eachSampleMessageIsAGroupForItsPushService(String file, Provider provider) throws IOException {
        JsonNode event = Json.parseObject(Files.readString(ProjectFiles.root().resolve("events").resolve(file)));
        for (JsonNode record : event.get("Records")) {
            QueuedGroup queued = DeliveryMessages.read(record.get("messageId").asText(), record.get("body").asText(), false,
                    APP);

            assertEquals(provider, queued.group().provider());
            assertEquals("camp-991-cust-42", queued.group().requestId());
            assertEquals("cust-42", queued.group().slots().get(0).delivery().personId());
        }
    }
}
