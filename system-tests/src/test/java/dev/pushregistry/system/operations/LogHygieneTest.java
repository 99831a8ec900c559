package dev.pushregistry.system.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pushregistry.authorizer.Authorizer;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.core.device.TokenMask;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.person.HistoryEventType;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.core.sending.DeliveryOutcome;
import dev.pushregistry.core.sending.SendSummary;
import dev.pushregistry.functions.dispatch.DispatchHandler;
import dev.pushregistry.functions.send.apns.ApnsSendHandler;
import dev.pushregistry.functions.send.fcm.FcmSendHandler;
import dev.pushregistry.local.services.LocalApns;
import dev.pushregistry.local.services.LocalFcm;
import dev.pushregistry.local.services.PushInbox;
import dev.pushregistry.local.services.Verdict;
import dev.pushregistry.queue.sqs.fixtures.LocalSqs;
import dev.pushregistry.store.dynamodb.fixtures.DynamoDbLocal;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.system.Endpoints;
import dev.pushregistry.telemetry.Metrics;
import dev.pushregistry.testing.FunctionEnvironments;
import dev.pushregistry.testing.LambdaInvocations;
import dev.pushregistry.testing.MetricDocuments;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SendingHarness;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full scenario (requests through the authorizer with keys and identity tokens, refusals among
 * them, registration, login, moves, bad input, sends through both services with every kind of
 * answer, dead letters) with everything its functions write captured, then read twice: no push
 * token appears in full, no key, identity token, credential or key material appears at all, and no
 * message content is logged; and the metrics documents in the same output count what happened
 * (each answer, move, push outcome and dead letter).
 */
class LogHygieneTest {
    private static final String MESSAGE_TEXT = "Private-message-text-for-the-log-test";
    private static final String APP_KEY = "app-" + UUID.randomUUID();
    private static final String SERVER_KEY = "server-" + UUID.randomUUID();
    private static final RSAKey SIGNER = signingKey();
    private static final List<String> IDENTITY_TOKENS = new ArrayList<>();
    private static final List<String> TOKENS = new ArrayList<>();
    private static final List<String> SECRETS = new ArrayList<>();
    /** Each request's route and answer, in order. */
    private static final List<Answered> ANSWERS = new ArrayList<>();
    /** Each consumed queue's name, with how many messages its dead-letter queue holds at the end. */
    private static final Map<String, Integer> DEAD_LETTERS = new HashMap<>();
    private static String output;
    private static SendSummary summary;

    /** One request's route and its answer. */
    /** How many times a token moved between people in the scenario, by their histories. */
    private static long moves;

    private record Answered(String route, int status) {
    }

    private static RSAKey signingKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("log-test").generate();
        } catch (com.nimbusds.jose.JOSEException failure) {
            throw new IllegalStateException(failure);
        }
    }

    @BeforeAll
    static void runTheScenario(@TempDir Path folder) throws Exception {
        // started before the capture: their start-up banners are not the functions' output
        DynamoDbLocal.server();
        LocalSqs.server();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        PushInbox inbox = new PushInbox();
        List<String> tokens = TOKENS;
        List<String> secrets = SECRETS;
        System.setErr(new PrintStream(tee(captured, originalErr), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(tee(captured, originalOut), true, StandardCharsets.UTF_8));
        try (LocalApns apns = LocalApns.start(inbox, Clock.systemUTC());
             LocalFcm fcm = LocalFcm.start(0, inbox, Clock.systemUTC())) {
            SendingHarness harness = SendingHarness.create();
            Path jwks = Files.writeString(folder.resolve("jwks.json"), new JWKSet(SIGNER.toPublicJWK()).toString());
            Authorizer authorizer = AuthorizerWiring.authorizer(new Settings(Map.of(
                    "APP_KEYS", APP_KEY, "SERVER_KEYS", SERVER_KEY, "PUSH_REGISTRY_IDENTITY_JWKS", jwks.toString())),
                    Clock.systemUTC());
            Endpoints endpoints = new Endpoints(harness.registry, LogoutPolicy.DELETE, authorizer,
                    Metrics.from(new Settings(Map.of())));
            ObjectMapper json = new ObjectMapper();
            secrets.add(APP_KEY);
            secrets.add(SERVER_KEY);
            secrets.add(json.readTree(apns.credentialsJson(TestRegistry.APP)).get("private_key").asText());
            secrets.add(json.readTree(fcm.credentialsJson(TestRegistry.APP)).get("private_key").asText());
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
            call(endpoints, "register.json", "{\"token\":\"" + tablet + "\",\"platform\":\"android\"}", "guessed-key", null);
            call(endpoints, "identify.json", "{\"person_id\":\"log-3\",\"token\":\"" + tablet + "\"}", APP_KEY,
                    identityToken("log-2", Instant.now().plusSeconds(300)));
            call(endpoints, "identify.json", "{\"person_id\":\"log-3\",\"token\":\"" + tablet + "\"}", APP_KEY,
                    identityToken("log-3", Instant.now().minusSeconds(300)));
            call(endpoints, "people-devices.json", null, APP_KEY, null);
            call(endpoints, "people-devices.json", null, SERVER_KEY, null);
            // the app key is not told whom a token moved from (moved_from): the histories say how often it moved
            for (String person : List.of("log-1", "log-2")) {
                moves += harness.registry.people().tokenHistory(person, harness.registry.clock().instant()).stream()
                        .filter(event -> event.type() == HistoryEventType.MOVED_IN).count();
            }
            inbox.setVerdict(bouncing, Verdict.BAD_TOKEN, null);
            inbox.setVerdict(gone, Verdict.UNREGISTERED, null);
            inbox.setVerdict(busy, Verdict.UNAVAILABLE, null);

            FunctionEnvironments environments = new FunctionEnvironments(harness,
                    Map.of("MAX_ATTEMPTS", "2", "RETRY_BACKOFF_SECONDS", "1"));
            DispatchHandler dispatcher = new DispatchHandler(DispatchHandler.partsFrom(new Settings(environments.dispatch()), Clock.systemUTC()));
            try (ApnsSendHandler apnsHandler = new ApnsSendHandler(ApnsSendHandler.partsFrom(new Settings(environments.apnsSender(apns)),
                    Clock.systemUTC()));
                 FcmSendHandler fcmHandler = new FcmSendHandler(FcmSendHandler.partsFrom(new Settings(environments.fcmSender(fcm)),
                         Clock.systemUTC()))) {
                harness.submit(SendingHarness.request("log-send", "log-2", "",
                        "{\"title\":\"" + MESSAGE_TEXT + "\",\"data\":{\"note\":\"" + MESSAGE_TEXT + "\"}}"));
                harness.submit("{\"request_id\":\"log-bad\",\"person_id\":\"log-2\",\"token\":\"" + bouncing
                        + "\",\"message\":{\"title\":\"" + MESSAGE_TEXT + "\",\"badge\":-4}}");
                harness.submit("not json at all " + MESSAGE_TEXT);
                harness.drain(harness.sendRequests, event -> LambdaInvocations.invoke(dispatcher, "dispatch", event));
                harness.put(harness.apnsDeliveries, "{\"token\":\"" + phone + "\",\"broken\":true}");
                for (int round = 0; round < 3; round++) {
                    harness.drain(harness.apnsDeliveries, event -> LambdaInvocations.invoke(apnsHandler, "send-apns", event));
                    harness.drain(harness.fcmDeliveries, event -> LambdaInvocations.invoke(fcmHandler, "send-fcm", event));
                    Thread.sleep(1_100);
                }
            }
            summary = harness.summary("log-send");
            DEAD_LETTERS.put(queueName(harness.sendRequests), harness.deadLetters(harness.sendRequestsDlq).size());
            DEAD_LETTERS.put(queueName(harness.apnsDeliveries), harness.deadLetters(harness.apnsDlq).size());
            DEAD_LETTERS.put(queueName(harness.fcmDeliveries), harness.deadLetters(harness.fcmDlq).size());
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        output = captured.toString(StandardCharsets.UTF_8);
    }

    private static String queueName(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    @Test
    void logsHoldNoFullTokenNoSecretAndNoMessageContent() {
        String log = output;
        List<String> tokens = TOKENS;
        List<String> secrets = SECRETS;
        assertTrue(log.contains("dead-lettered"), "the scenario logged its failures:\n" + log);
        assertTrue(tokens.stream().anyMatch(token -> log.contains(TokenMask.mask(token))), "tokens appear masked");
        for (String token : tokens) {
            assertFalse(log.contains(token), "a full token was logged: " + TokenMask.mask(token));
        }
        for (String secret : secrets) {
            String probe = secret.replace("-----BEGIN PRIVATE KEY-----", "").replace("\n", "").trim();
            assertFalse(log.contains(probe.substring(0, Math.min(40, probe.length()))), "key or token material was logged");
        }
        for (String identityToken : IDENTITY_TOKENS) {
            assertFalse(log.contains(identityToken.substring(identityToken.lastIndexOf('.') + 1)), "an identity token was logged");
        }
        assertTrue(log.contains("401 unauthorized") && log.contains("403 forbidden"), "the refusals were part of the scenario");
        assertFalse(log.contains("PRIVATE KEY"), "key material was logged");
        assertFalse(log.contains(MESSAGE_TEXT), "message content was logged");
    }

    @Test
    void everyLineIsOneJsonObjectAndEachOfTheFunctionsLinesCarriesItsRequestId() throws Exception {
        ObjectMapper json = new ObjectMapper();
        int functionLines = 0;
        int withLambdaRequestId = 0;
        for (String line : output.lines().filter(line -> !line.isBlank()).toList()) {
            JsonNode read = json.readTree(line);
            assertTrue(read.isObject(), "not a JSON object: " + line);
            if (read.has("_aws")) {
                continue;
            }
            assertTrue(read.path("level").isTextual() && read.path("logger").isTextual()
                    && read.path("message").isTextual() && read.path("timestamp").isTextual(), line);
            String logger = read.get("logger").asText();
            if (logger.startsWith("dev.pushregistry.") && !logger.startsWith("dev.pushregistry.local.services.")
                    && !logger.startsWith("dev.pushregistry.testing.")) {
                functionLines++;
                assertTrue(read.has("function_request_id") || read.has("request_id"), "no request id: " + line);
                withLambdaRequestId += read.has("function_request_id") ? 1 : 0;
            }
        }
        assertTrue(functionLines > 20 && withLambdaRequestId > 5,
                functionLines + " lines of the functions, " + withLambdaRequestId + " with Lambda's request id");
    }

    @Test
    void theMetricsInTheSameOutputCountEachAnswerMovePushOutcomeAndDeadLetter() {
        MetricDocuments metrics = MetricDocuments.in(output);

        Map<List<String>, Integer> answers = new HashMap<>();
        ANSWERS.forEach(answer -> answers.merge(List.of(answer.route(), statusClass(answer.status())), 1, Integer::sum));
        assertTrue(answers.keySet().stream().map(key -> key.get(1)).toList().containsAll(List.of("2xx", "401", "403")),
                "the scenario had answers of each kind: " + answers);
        answers.forEach((key, count) -> assertEquals(count.doubleValue(), metrics.sum("Answers",
                Map.of("Endpoint", key.get(0), "Status", key.get(1))), "Answers " + key));
        assertEquals(ANSWERS.size(), metrics.sum("Answers", Map.of()));
        assertTrue(moves > 0, "a token moved in the scenario");
        assertEquals(moves, metrics.sum("TokensMoved", Map.of()));

        assertEquals(1, metrics.sum("SendRequests", Map.of()));
        assertEquals(1, metrics.sum("People", Map.of()));
        assertEquals(summary.count("targeted"), metrics.sum("DeliveriesPlanned", Map.of()));
        int decided = 0;
        for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
            assertEquals(summary.count(outcome.wire()), metrics.sum("Pushes", Map.of("Outcome", outcome.wire())),
                    "Pushes " + outcome.wire());
            decided += summary.count(outcome.wire());
        }
        assertTrue(summary.count("sent") > 0 && summary.count("deleted") > 0 && summary.count("failed") > 0,
                "the scenario's pushes ended in several ways: " + summary.counts());
        assertEquals(decided, metrics.sum("Pushes", Map.of()));
        assertTrue(metrics.sum("PushesUnavailable", Map.of("Provider", "apns")) > 0, "the busy device was unavailable");
        assertTrue(metrics.count("PushLatency", Map.of()) >= summary.count("sent") + summary.count("bounced")
                + summary.count("deleted"), "every answered push was timed");
        DEAD_LETTERS.forEach((queue, count) -> assertEquals(count.doubleValue(), metrics.sum("DeadLetters", Map.of("Queue", queue)),
                "DeadLetters " + queue));
        assertTrue(DEAD_LETTERS.values().stream().mapToInt(Integer::intValue).sum() >= 3, "dead letters: " + DEAD_LETTERS);
    }

    private static String statusClass(int status) {
        return status >= 400 && status < 500 ? Integer.toString(status) : status / 100 + "xx";
    }

    /** Calls as the app does: the app key, and for identify and logout an identity token for the body's person. */
    private static void call(Endpoints endpoints, String sample, String body) throws Exception {
        String personId = new ObjectMapper().readTree(body).path("person_id").asText(null);
        call(endpoints, sample, body, APP_KEY, personId == null ? null : identityToken(personId, Instant.now().plusSeconds(300)));
    }

    private static void call(Endpoints endpoints, String sample, String body, String key, String identityToken) {
        APIGatewayV2HTTPEvent event = body == null ? SampleEvents.load(sample) : SampleEvents.withBody(sample, body);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("authorization");
        headers.put("x-api-key", key);
        if (identityToken != null) {
            headers.put("x-identity-token", identityToken);
        }
        event.setHeaders(headers);
        APIGatewayV2HTTPResponse response = endpoints.call(event);
        ANSWERS.add(new Answered(event.getRouteKey(), response.getStatusCode()));
    }

    private static String identityToken(String personId, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(SIGNER.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(personId).expirationTime(Date.from(expires)).build());
        jwt.sign(new RSASSASigner(SIGNER));
        String token = jwt.serialize();
        IDENTITY_TOKENS.add(token);
        return token;
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
