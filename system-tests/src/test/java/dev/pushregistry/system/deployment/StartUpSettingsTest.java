package dev.pushregistry.system.deployment;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.core.configuration.Variables;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.fixtures.AnsweringGateway;
import dev.pushregistry.core.registry.DeviceRegistry;
import dev.pushregistry.core.registry.RegistrySettings;
import dev.pushregistry.core.sending.DeliverySender;
import dev.pushregistry.core.sending.PushResult;
import dev.pushregistry.core.sending.SenderSettings;
import dev.pushregistry.queue.sqs.QueueWiring;
import dev.pushregistry.store.dynamodb.TableWiring;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every setting a bad value can be given: the function refuses to start and says which and why. */
class StartUpSettingsTest {
    private static final Map<String, String> VALID = Map.of(
            "TABLE_NAME", "registry",
            "AWS_REGION", "eu-central-1",
            "QUEUE_URL", "http://127.0.0.1:9/queue",
            "DEAD_LETTER_QUEUE_URL", "http://127.0.0.1:9/dead-letters",
            "AWS_ACCESS_KEY_ID", "local",
            "AWS_SECRET_ACCESS_KEY", "local");

    /** What a function wires at start-up that reads the setting. */
    private static final Consumer<Settings> REGISTRY = settings -> new DeviceRegistry(
            TableWiring.from(settings).registryStore(), RegistrySettings.fromVariables(Variables.of(settings::optional)));
    private static final Consumer<Settings> SENDER = settings -> {
        TableWiring table = TableWiring.from(settings);
        QueueWiring.from(settings).deliveryBatch(Provider.APNS, new DeliverySender(table.registryStore(),
                table.sendStore(), AnsweringGateway.apns(delivery -> new PushResult.Accepted()),
                SenderSettings.fromVariables(Variables.of(settings::optional), AwsClients.IDLE_CONNECTIONS_KEPT)));
    };
    private static final Consumer<Settings> AUTHORIZER = settings -> AuthorizerWiring.authorizer(settings, Clock.systemUTC());

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("TABLE_NAME", " ", "TABLE_NAME must be set", REGISTRY),
                Arguments.of("AWS_REGION", "", "AWS_REGION must be set", REGISTRY),
                Arguments.of("LOGOUT_POLICY", "forget", "LOGOUT_POLICY: logout policy must be delete or anonymize", REGISTRY),
                Arguments.of("STALE_DEVICE_DAYS", "0", "STALE_DEVICE_DAYS must be a whole number from 1 to 3650, not '0'", REGISTRY),
                Arguments.of("HISTORY_RETENTION_DAYS", "a year", "HISTORY_RETENTION_DAYS must be a whole number from 1 to 3650", REGISTRY),
                Arguments.of("SEND_RETENTION_DAYS", "366", "SEND_RETENTION_DAYS must be a whole number from 1 to 365", REGISTRY),
                Arguments.of("QUEUE_URL", "", "QUEUE_URL must be set", SENDER),
                Arguments.of("DEAD_LETTER_QUEUE_URL", "", "DEAD_LETTER_QUEUE_URL must be set", SENDER),
                Arguments.of("MAX_ATTEMPTS", "-1", "MAX_ATTEMPTS must be a whole number from 1 to 100", SENDER),
                Arguments.of("RETRY_BACKOFF_SECONDS", "901", "RETRY_BACKOFF_SECONDS must be a whole number from 1 to 900", SENDER),
                Arguments.of("MAX_IN_FLIGHT", "0", "MAX_IN_FLIGHT must be a whole number from 1 to 10000", SENDER),
                Arguments.of("PUSH_TIMEOUT_SECONDS", "1.5", "PUSH_TIMEOUT_SECONDS must be a whole number from 1 to 300", SENDER),
                Arguments.of("STORE_CONCURRENCY", "1000", "STORE_CONCURRENCY must be a whole number from 1 to 256", SENDER),
                Arguments.of("API_KEYS_REFRESH_SECONDS", "never",
                        "API_KEYS_REFRESH_SECONDS must be a whole number from 1 to 86400", AUTHORIZER));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badSettings")
    void aBadValueStopsTheFunctionAtStartUpNamingTheSettingAndWhatItMayBe(String name, String value, String message,
                                                                         Consumer<Settings> startUp) {
        Map<String, String> variables = new HashMap<>(VALID);
        variables.put(name, value);
        if (name.equals("API_KEYS_REFRESH_SECONDS")) {
            variables.put("API_KEYS_SECRET_ARN", "arn:aws:secretsmanager:eu-central-1:123456789012:secret:keys");
        }

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> startUp.accept(new Settings(variables)));

        assertTrue(refused.getMessage().startsWith(message), refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void theSameSettingsWithGoodValuesStart(String name, String value, String message,
                                            Consumer<Settings> startUp) {
        if (name.equals("API_KEYS_REFRESH_SECONDS")) {
            Map<String, String> local = new HashMap<>(VALID);
            local.put("APP_KEYS", "an-app-key");
            startUp.accept(new Settings(local));
        } else {
            startUp.accept(new Settings(VALID));
        }
    }
}
