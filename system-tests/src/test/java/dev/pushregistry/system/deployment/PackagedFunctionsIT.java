package dev.pushregistry.system.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pushregistry.authorizer.ApiKeys;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.local.services.LocalApns;
import dev.pushregistry.local.services.LocalFcm;
import dev.pushregistry.local.services.PushInbox;
import dev.pushregistry.local.services.iam.IamGateway;
import dev.pushregistry.queue.sqs.fixtures.LocalSqs;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.testing.FunctionEnvironments;
import dev.pushregistry.testing.LocalAws;
import dev.pushregistry.testing.LocalHttpEndpoint;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SendingHarness;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The packaged jars run as Lambda runs them: each handler built by its no-argument constructor in a
 * JVM of its own, with nothing on the class path but the function's jar and nothing configured but
 * environment variables (endpoints pointed at DynamoDB Local, ElasticMQ and the local APNs). This
 * catches what the shading left out and what the wiring from the environment gets wrong.
 */
class PackagedFunctionsIT {
    private static final String STREAM_INVOKER = """
            import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
            import java.io.ByteArrayOutputStream;
            import java.io.FileInputStream;
            import java.io.InputStream;
            import java.nio.charset.StandardCharsets;

            public class InvokeStream {
                public static void main(String[] args) throws Exception {
                    RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
                    ByteArrayOutputStream answer = new ByteArrayOutputStream();
                    try (InputStream event = new FileInputStream(args[1])) {
                        handler.handleRequest(event, answer, null);
                    }
                    System.err.flush();
                    System.out.println("response=" + answer.toString(StandardCharsets.UTF_8));
                    System.exit(0);
                }
            }
            """;

    @TempDir
    Path work;
    private SendingHarness harness;
    private FunctionEnvironments environments;

    @BeforeEach
    void setUp() {
        harness = SendingHarness.create();
        environments = new FunctionEnvironments(harness, Map.of());
    }

    /**
     * Runs the function's jar on one queue message, handed over as Lambda's queue trigger hands it
     * (the event's bytes); answers what it printed (stdout then stderr).
     */
    private String invoke(String function, String handler, Message message, Map<String, String> environment)
            throws IOException, InterruptedException {
        ObjectNode event = new ObjectMapper().createObjectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("messageId", message.messageId());
        record.put("receiptHandle", message.receiptHandle());
        record.put("body", message.body());
        record.putObject("attributes").put("ApproximateReceiveCount", "1");
        record.put("eventSource", "aws:sqs");
        return invokeStream(function, handler, Files.writeString(work.resolve("event.json"), event.toString()),
                environment);
    }

    /** Runs the function's jar on the event in {@code eventFile}; answers what it printed (stdout then stderr). */
    private String invokeStream(String function, String handler, Path eventFile, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path invoker = Files.writeString(work.resolve("InvokeStream.java"), STREAM_INVOKER);
        return run(function, environment, invoker.toString(), handler, eventFile.toString());
    }

    /** The answer the handler printed after {@code response=}. */
    private static JsonNode response(String output) throws IOException {
        return new ObjectMapper().readTree(output.substring(output.indexOf("response=") + "response=".length())
                .lines().findFirst().orElseThrow());
    }

    /** How many of the batch's messages the queue function asked to keep. */
    private static int failures(String output) throws IOException {
        return response(output).get("batchItemFailures").size();
    }

    /** Runs {@code java -cp <the function's jar> <arguments>} with nothing but {@code environment}. */
    private String run(String function, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        Path jar = SampleEvents.projectRoot().resolve("functions/" + function + "/target/" + function + "-lambda.jar");
        assertTrue(Files.isRegularFile(jar), jar + " was not built");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", jar.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true);
        process.environment().clear();
        process.environment().putAll(environment);
        Process running = process.start();
        assertTrue(running.waitFor(120, TimeUnit.SECONDS), function + " did not finish");
        String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("--- " + function + " ---\n" + output);
        assertEquals(0, running.exitValue(), output);
        assertFalse(output.contains("NoClassDefFoundError") || output.contains("ClassNotFoundException"), output);
        return output;
    }

    private Message take(String queue) {
        List<Message> messages = LocalSqs.server().client().receiveMessage(receive -> receive.queueUrl(queue)
                .maxNumberOfMessages(1)).messages();
        assertEquals(1, messages.size(), "one message on " + queue);
        return messages.get(0);
    }

    @Test
    void dispatchAndTheApnsSenderWorkFromTheirJarsAlone() throws Exception {
        PushInbox inbox = new PushInbox();
        try (LocalApns apns = LocalApns.start(inbox, Clock.systemUTC())) {
            String token = harness.registry.identifiedIosDevice("ann");
            harness.submit(SendingHarness.request("packaged", "ann", "", "{\"title\":\"From the jar\"}"));

            Map<String, String> dispatch = environments.dispatch();
            String dispatched = invoke("dispatch", "dev.pushregistry.functions.dispatch.DispatchHandler",
                    take(harness.sendRequests), dispatch);
            assertEquals(0, failures(dispatched), dispatched);

            Map<String, String> send = environments.apnsSender(apns);
            String sent = invoke("send-apns", "dev.pushregistry.functions.send.apns.ApnsSendHandler",
                    take(harness.apnsDeliveries), send);

            assertEquals(0, failures(sent), sent);
            assertEquals(1, inbox.pushes(token).size());
            assertEquals("From the jar", inbox.pushes(token).get(0).payload().at("/aps/alert/title").asText());
            assertEquals(DeviceStatus.SENT, harness.registry.store().findDevice(TestRegistry.at(token), harness.registry.clock().peek())
                    .orElseThrow().status());
            assertEquals("done", harness.summary("packaged").state());
            assertFalse(sent.contains(token), "the token is never logged in full");
        }
    }

    @Test
    void theFcmSenderWorksFromItsJarAloneAgainstAnFcmCompatibleEndpoint() throws Exception {
        PushInbox inbox = new PushInbox();
        try (LocalFcm fcm = LocalFcm.start(0, inbox, Clock.systemUTC())) {
            String token = harness.registry.identifiedAndroidDevice("cat");
            harness.submit(SendingHarness.request("packaged-local-fcm", "cat", "", "{\"title\":\"From the jar\"}"));
            harness.drain(harness.sendRequests, event -> harness.dispatchBatch().process(event, harness.registry.clock().instant()));

            Map<String, String> send = environments.fcmSender(fcm);
            String output = invoke("send-fcm", "dev.pushregistry.functions.send.fcm.FcmSendHandler",
                    take(harness.fcmDeliveries), send);

            assertEquals(0, failures(output), output);
            assertEquals("From the jar", inbox.pushes(token).get(0).payload().at("/notification/title").asText());
            assertEquals(DeviceStatus.SENT, harness.registry.store().findDevice(TestRegistry.at(token), harness.registry.clock().peek())
                    .orElseThrow().status());
        }
    }

    @Test
    void anEndpointReadsItsKeysFromSecretsManagerAndChecksIdentityTokensFromItsJarAlone() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("backend").generate();
        Path jwks = Files.writeString(work.resolve("jwks.json"), new JWKSet(key.toPublicJWK()).toString());
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("backend").build(),
                new JWTClaimsSet.Builder().subject("cust-42").expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        token.sign(new RSASSASigner(key));
        ObjectNode event = (ObjectNode) new ObjectMapper().readTree(SampleEvents.projectRoot().resolve("events/identify.json").toFile());
        ((ObjectNode) event.get("headers")).put("x-identity-token", token.serialize());
        Path eventFile = Files.writeString(work.resolve("identify.json"), event.toString());
        ObjectNode secret = new ObjectMapper().createObjectNode();
        secret.putArray("app_key_sha256").add(ApiKeys.hexDigest("local-app-key"));
        secret.putArray("server_key_sha256");
        ObjectNode answer = new ObjectMapper().createObjectNode();
        answer.put("ARN", FunctionEnvironments.API_KEYS_SECRET_ARN);
        answer.put("Name", "keys");
        answer.put("SecretString", secret.toString());
        LocalHttpEndpoint secretsManager = LocalHttpEndpoint.serving("application/x-amz-json-1.1");
        secretsManager.answer(200, answer.toString());
        String output;
        try (secretsManager; IamGateway secretsGateway = LocalAws.get().gatewayTo(URI.create(secretsManager.url()))) {
            Map<String, String> environment = environments.endpoint("IdentifyFunction");
            environment.put("API_KEYS_SECRET_ARN", answer.get("ARN").asText());
            environment.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsGateway.endpoint().toString());
            environment.put("PUSH_REGISTRY_IDENTITY_JWKS", jwks.toString());
            output = invokeStream("identify", "dev.pushregistry.functions.identify.IdentifyHandler", eventFile,
                    environment);
        }

        JsonNode response = response(output);
        assertEquals(200, response.get("statusCode").asInt(), output);
        assertEquals("cust-42", new ObjectMapper().readTree(response.get("body").asText()).get("person_id").asText());
        assertEquals(1, harness.people("cust-42").size());
        assertFalse(output.contains(token.serialize()), "the identity token is never logged");
    }

    @Test
    void theFcmSenderLoadsGooglesTransportFromItsJarAlone() throws Exception {
        String token = harness.registry.identifiedAndroidDevice("bob");
        harness.submit(SendingHarness.request("packaged-fcm", "bob", "", "{\"title\":\"Hi\"}"));
        harness.drain(harness.sendRequests, event -> harness.dispatchBatch().process(event, harness.registry.clock().instant()));

        Map<String, String> send = environments.consumer("SendFcmFunction", harness.fcmDeliveries, harness.fcmDlq);
        send.put("FCM_CREDENTIALS", LocalFcm.serviceAccountJson("packaged-test", "https://oauth2.googleapis.com/token"));
        send.put("PUSH_TIMEOUT_SECONDS", "10");
        String output = invoke("send-fcm", "dev.pushregistry.functions.send.fcm.FcmSendHandler",
                take(harness.fcmDeliveries), send);

        // No Google here: the token exchange fails, so the push is left for a retry and the device untouched.
        assertEquals(1, failures(output), output);
        assertFalse(output.contains("PRIVATE KEY"), "the key is never logged");
        assertEquals(DeviceStatus.UNUSED, harness.registry.store().findDevice(TestRegistry.at(token), harness.registry.clock().peek())
                .orElseThrow().status());
    }
}
