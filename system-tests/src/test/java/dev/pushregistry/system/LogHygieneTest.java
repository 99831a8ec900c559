package dev.pushregistry.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushregistry.aws.RegistryEnvironment;
import dev.pushregistry.device.TokenMask;
import dev.pushregistry.functions.dispatch.DispatchHandler;
import dev.pushregistry.functions.sendapns.ApnsSendHandler;
import dev.pushregistry.functions.sendfcm.FcmSendHandler;
import dev.pushregistry.local.LocalApns;
import dev.pushregistry.local.LocalFcm;
import dev.pushregistry.local.PushInbox;
import dev.pushregistry.local.Verdict;
import dev.pushregistry.registry.LogoutPolicy;
import dev.pushregistry.testing.DynamoDbLocal;
import dev.pushregistry.testing.LocalSqs;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SendingHarness;
import dev.pushregistry.testing.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A full scenario (registration, login, moves, bad input, sends through both services with every
 * kind of answer, dead letters) with everything it logs captured: no push token appears in full,
 * no credential or key material appears at all, and no message content is logged.
 */
class LogHygieneTest {
    private static final String MESSAGE_TEXT = "Private-message-text-for-the-log-test";

    @Test
    void logsHoldNoFullTokenNoSecretAndNoMessageContent() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        PushInbox inbox = new PushInbox();
        List<String> tokens = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        System.setErr(new PrintStream(tee(captured, originalErr), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(tee(captured, originalOut), true, StandardCharsets.UTF_8));
        try (LocalApns apns = LocalApns.start(0, inbox, Clock.systemUTC());
             LocalFcm fcm = LocalFcm.start(0, inbox, Clock.systemUTC())) {
            SendingHarness harness = SendingHarness.create();
            Endpoints endpoints = new Endpoints(harness.registry, LogoutPolicy.DELETE);
            ObjectMapper json = new ObjectMapper();
            secrets.add(json.readTree(apns.credentialsJson()).get("private_key").asText());
            secrets.add(json.readTree(fcm.credentialsJson()).get("private_key").asText());
            secrets.add("local-access-token");

            String phone = Tokens.apns();
            String tablet = Tokens.fcm();
            String bouncing = Tokens.apns();
            String gone = Tokens.fcm();
            String busy = Tokens.apns();
            tokens.addAll(List.of(phone, tablet, bouncing, gone, busy));
            call(endpoints, "register.json", "{\"token\":\"" + phone + "\",\"platform\":\"ios\"}");
            call(endpoints, "identify.json", "{\"person_id\":\"log-1\",\"token\":\"" + phone + "\"}");
            call(endpoints, "identify.json", "{\"person_id\":\"log-2\",\"token\":\"" + phone + "\"}");
            call(endpoints, "identify.json", "{\"person_id\":\"log-2\",\"token\":\"" + tablet + "\",\"platform\":\"android\"}");
            call(endpoints, "identify.json", "{\"person_id\":\"log-2\",\"token\":\"" + bouncing + "\",\"platform\":\"ios\"}");
            call(endpoints, "identify.json", "{\"person_id\":\"log-2\",\"token\":\"" + gone + "\",\"platform\":\"android\"}");
            call(endpoints, "identify.json", "{\"person_id\":\"log-2\",\"token\":\"" + busy + "\",\"platform\":\"ios\"}");
            call(endpoints, "register.json", "{\"token\":\"" + phone + "\",\"platform\":\"android\",\"provider\":\"apns\"}");
            call(endpoints, "logout.json", "{\"person_id\":\"log-1\",\"token\":\"" + phone + "\"}");
            inbox.setVerdict(bouncing, Verdict.BAD_TOKEN, null);
            inbox.setVerdict(gone, Verdict.UNREGISTERED, null);
            inbox.setVerdict(busy, Verdict.UNAVAILABLE, null);

            Map<String, String> base = new HashMap<>();
            base.put("TABLE_NAME", harness.registry.table());
            base.put("AWS_REGION", "eu-central-1");
            base.put("AWS_ACCESS_KEY_ID", "local");
            base.put("AWS_SECRET_ACCESS_KEY", "local");
            base.put("AWS_ENDPOINT_URL_DYNAMODB", DynamoDbLocal.server().endpoint().toString());
            base.put("AWS_ENDPOINT_URL_SQS", LocalSqs.server().endpoint().toString());
            base.put("MAX_ATTEMPTS", "2");
            base.put("RETRY_BACKOFF_SECONDS", "1");
            Map<String, String> dispatch = new HashMap<>(base);
            dispatch.putAll(Map.of("QUEUE_URL", harness.sendRequests, "DEAD_LETTER_QUEUE_URL", harness.sendRequestsDlq,
                    "APNS_QUEUE_URL", harness.apnsDeliveries, "FCM_QUEUE_URL", harness.fcmDeliveries));
            Map<String, String> apnsSender = new HashMap<>(base);
            apnsSender.putAll(Map.of("QUEUE_URL", harness.apnsDeliveries, "DEAD_LETTER_QUEUE_URL", harness.apnsDlq,
                    "APNS_CREDENTIALS", apns.credentialsJson()));
            Map<String, String> fcmSender = new HashMap<>(base);
            fcmSender.putAll(Map.of("QUEUE_URL", harness.fcmDeliveries, "DEAD_LETTER_QUEUE_URL", harness.fcmDlq,
                    "FCM_CREDENTIALS", fcm.credentialsJson(), "FCM_ENDPOINT_URL", fcm.endpointUrl()));
            DispatchHandler dispatcher = new DispatchHandler(RegistryEnvironment.from(dispatch), Clock.systemUTC());
            ApnsSendHandler apnsHandler = new ApnsSendHandler(RegistryEnvironment.from(apnsSender), Clock.systemUTC());
            FcmSendHandler fcmHandler = new FcmSendHandler(RegistryEnvironment.from(fcmSender), Clock.systemUTC());
            try {
                harness.submit(SendingHarness.request("log-send", "log-2", "",
                        "{\"title\":\"" + MESSAGE_TEXT + "\",\"data\":{\"note\":\"" + MESSAGE_TEXT + "\"}}"));
                harness.submit("{\"request_id\":\"log-bad\",\"person_id\":\"log-2\",\"token\":\"" + bouncing
                        + "\",\"message\":{\"title\":\"" + MESSAGE_TEXT + "\",\"badge\":-4}}");
                harness.submit("not json at all " + MESSAGE_TEXT);
                harness.drain(harness.sendRequests, event -> dispatcher.handleRequest(event, null));
                harness.put(harness.apnsDeliveries, "{\"token\":\"" + phone + "\",\"broken\":true}");
                for (int round = 0; round < 3; round++) {
                    harness.drain(harness.apnsDeliveries, event -> apnsHandler.handleRequest(event, null));
                    harness.drain(harness.fcmDeliveries, event -> fcmHandler.handleRequest(event, null));
                    Thread.sleep(1_100);
                }
            } finally {
                com.google.firebase.FirebaseApp.getInstance("push-registry-send-fcm").delete();
            }
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }

        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("dead-lettered"), "the scenario logged its failures:\n" + log);
        assertTrue(tokens.stream().anyMatch(token -> log.contains(TokenMask.mask(token))), "tokens appear masked");
        for (String token : tokens) {
            assertFalse(log.contains(token), "a full token was logged: " + TokenMask.mask(token));
        }
        for (String secret : secrets) {
            String probe = secret.replace("-----BEGIN PRIVATE KEY-----", "").replace("\n", "").trim();
            assertFalse(log.contains(probe.substring(0, Math.min(40, probe.length()))), "key or token material was logged");
        }
        assertFalse(log.contains("PRIVATE KEY"), "key material was logged");
        assertFalse(log.contains(MESSAGE_TEXT), "message content was logged");
    }

    private static void call(Endpoints endpoints, String sample, String body) {
        endpoints.call(SampleEvents.withBody(sample, body));
    }

    private static OutputStream tee(OutputStream first, OutputStream second) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (first) {
                    ((ByteArrayOutputStream) first).write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (first) {
                    ((ByteArrayOutputStream) first).write(bytes, offset, length);
                }
                try {
                    second.write(bytes, offset, length);
                } catch (java.io.IOException ignored) {
                    // the console copy is only for people watching the build
                }
            }
        };
    }
}
