package dev.pushregistry.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.authorizer.ApiKeys;
import dev.pushregistry.json.Json;
import dev.pushregistry.local.services.LocalApns;
import dev.pushregistry.local.services.LocalFcm;
import dev.pushregistry.local.services.PushInbox;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.testing.FunctionEnvironments;
import dev.pushregistry.testing.LocalHttpEndpoint;
import dev.pushregistry.testing.SampleEvents;
import dev.pushregistry.testing.SendingHarness;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * How long each packaged function takes from a cold JVM to its first handled event, against a
 * baseline that does one DynamoDB {@code PutItem} with the same SDK, HTTP client and packaging
 * ({@code benchmarks/cold-start-baseline}). Each function's jar runs in a JVM of its own
 * ({@link ColdStartRunner}, with the template's {@code JAVA_TOOL_OPTIONS}), wired only from its
 * environment as the template wires it (keys and push credentials read from Secrets Manager, here an
 * endpoint on loopback; the table on DynamoDB Local, the queues on ElasticMQ, the local APNs and FCM),
 * and handles one event: the sample event for an endpoint, a freshly dispatched message for dispatch
 * and the senders, so that the senders really push. Several rounds, in an order rotated each round.
 *
 * <p>Per function it prints the median time from starting the JVM to the first event's answer,
 * its ratio to the baseline's, the classes loaded and the jar's size; then the first event's own
 * time without and with priming (the snapshot hooks run first in the JVM: the closest this machine
 * comes to a function restored from a SnapStart snapshot), and one summary line. Asserts only that
 * every event was handled ({@code -Dcoldstart.classlog=<folder>} logs each run's loaded classes there,
 * one file per function and mode). Run with {@code mvn -B install -DskipTests && mvn -B test -pl benchmarks
 * -Dgroups=benchmark -Dtest.excludedGroups= -Dtest=ColdStartBenchmark}.
 */
@Tag("benchmark")
class ColdStartBenchmark {
    private static final int ROUNDS = Integer.getInteger("coldstart.rounds", 7);
    /** What the template gives every function in {@code JAVA_TOOL_OPTIONS}. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    private static final String APP_KEY = "local-app-key";
    private static final String SERVER_KEY = "local-server-key";
    private static final Pattern REPORT = Pattern.compile(
            "init_ms=([0-9.]+) first_event_ms=([0-9.]+) classes=(\\d+) response=(.*)");

    @TempDir
    Path work;

    /** One function as the benchmark runs it. */
    private record Function(String name, Path jar, String handler, Supplier<Path> event, Map<String, String> environment,
                            Predicate<String> handled) {
    }

    /** What one run printed. */
    private record Run(double totalMs, double firstEventMs, int classes) {
    }

    @Test
    void coldStarts() throws Exception {
        SendingHarness harness = SendingHarness.create();
        FunctionEnvironments environments = new FunctionEnvironments(harness, Map.of());
        PushInbox inbox = new PushInbox();
        try (LocalApns apns = LocalApns.start(inbox, Clock.systemUTC());
             LocalFcm fcm = LocalFcm.start(0, inbox, Clock.systemUTC());
             LocalHttpEndpoint keys = secretsManager("api-keys", keysSecret());
             LocalHttpEndpoint apnsSecret = secretsManager("apns", apns.credentialsJson(TestRegistry.APP));
             LocalHttpEndpoint fcmSecret = secretsManager("fcm", fcm.credentialsJson(TestRegistry.APP))) {
            java.util.function.Function<String, Map<String, String>> endpoint = function -> {
                Map<String, String> environment = new HashMap<>(environments.endpoint(function));
                environment.put("API_KEYS_SECRET_ARN", arn("api-keys"));
                environment.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", keys.url());
                return environment;
            };
            Predicate<String> ok = response -> response.matches(".*\"statusCode\":20[024].*");
            Predicate<String> noFailures = response -> response.contains("\"batchItemFailures\":[]");

            List<Function> functions = new ArrayList<>();
            functions.add(new Function("baseline", baselineJar(), "dev.pushregistry.baseline.PutItemHandler",
                    () -> sample("register.json"), environments.endpoint("RegisterFunction"), ok));
            functions.add(endpointFunction("register", "dev.pushregistry.functions.register.RegisterHandler",
                    "register.json", endpoint.apply("RegisterFunction"), ok));
            functions.add(endpointFunction("identify", "dev.pushregistry.functions.identify.IdentifyHandler",
                    "identify.json", endpoint.apply("IdentifyFunction"), ok));
            functions.add(endpointFunction("logout", "dev.pushregistry.functions.logout.LogoutHandler",
                    "logout.json", endpoint.apply("LogoutFunction"), ok));
            functions.add(endpointFunction("people", "dev.pushregistry.functions.people.PeopleHandler",
                    "people-devices.json", endpoint.apply("PeopleFunction"), ok));
            Map<String, String> sends = new HashMap<>(endpoint.apply("SendsFunction"));
            sends.put("SEND_REQUESTS_QUEUE_URL", harness.sendRequests);
            functions.add(endpointFunction("sends", "dev.pushregistry.functions.sends.SendsHandler",
                    "sends-post.json", sends, ok));
            int[] request = {0};
            functions.add(new Function("dispatch", functionJar("dispatch"), "dev.pushregistry.functions.dispatch.DispatchHandler",
                    () -> {
                        sendRequest(harness, "cold-dispatch-" + request[0]++);
                        return queueEvent(take(harness.sendRequests));
                    }, environments.dispatch(), noFailures));
            functions.add(sender("send-apns", "dev.pushregistry.functions.send.apns.ApnsSendHandler", harness,
                    harness.apnsDeliveries, withSecret(environments.consumer("SendApnsFunction", harness.apnsDeliveries, harness.apnsDlq),
                            "APNS", apnsSecret), noFailures));
            Map<String, String> fcmSender = withSecret(environments.consumer("SendFcmFunction", harness.fcmDeliveries, harness.fcmDlq),
                    "FCM", fcmSecret);
            fcmSender.put("FCM_ENDPOINT_URL", fcm.endpointUrl());
            functions.add(sender("send-fcm", "dev.pushregistry.functions.send.fcm.FcmSendHandler", harness,
                    harness.fcmDeliveries, fcmSender, noFailures));
            // the sample event for the people endpoint names cust-42, who owns a device
            harness.registry.identifiedIosDevice("cust-42");
            report(functions);
        }
    }

    private void report(List<Function> functions) throws Exception {
        Map<String, List<Run>> cold = new LinkedHashMap<>();
        Map<String, List<Run>> primed = new LinkedHashMap<>();
        functions.forEach(function -> {
            cold.put(function.name(), new ArrayList<>());
            primed.put(function.name(), new ArrayList<>());
        });
        for (int round = 0; round < ROUNDS; round++) {
            for (int at = 0; at < functions.size(); at++) {
                Function function = functions.get((at + round) % functions.size());
                cold.get(function.name()).add(run(function, "cold"));
                if (!function.name().equals("baseline") && primes(function)) {
                    primed.get(function.name()).add(run(function, "primed"));
                }
            }
            System.out.printf(Locale.ROOT, "cold start round %d of %d done%n", round + 1, ROUNDS);
        }
        double baseline = median(cold.get("baseline"), Run::totalMs);
        System.out.printf(Locale.ROOT, "%-10s %8s %6s %8s %8s %12s %12s %8s%n", "function", "ms", "ratio", "classes",
                "jar_MB", "first_cold", "first_primed", "speedup");
        String worst = null;
        double worstRatio = 0;
        Map<String, Double> speedups = new HashMap<>();
        for (Function function : functions) {
            List<Run> runs = cold.get(function.name());
            double total = median(runs, Run::totalMs);
            double ratio = total / baseline;
            double firstCold = median(runs, Run::firstEventMs);
            List<Run> primedRuns = primed.get(function.name());
            double firstPrimed = primedRuns.isEmpty() ? Double.NaN : median(primedRuns, Run::firstEventMs);
            double speedup = firstCold / firstPrimed;
            if (!primedRuns.isEmpty()) {
                speedups.put(function.name(), speedup);
            }
            if (!function.name().equals("baseline") && ratio > worstRatio) {
                worstRatio = ratio;
                worst = function.name();
            }
            System.out.printf(Locale.ROOT, "%-10s %8.0f %6.2f %8.0f %8.1f %12.1f %12.1f %8.1f%n", function.name(), total,
                    ratio, median(runs, run -> run.classes()), Files.size(function.jar()) / 1e6, firstCold, firstPrimed,
                    speedup);
        }
        System.out.printf(Locale.ROOT,
                "cold start: baseline_ms=%.0f worst_function=%s worst_ratio=%.2f primed_speedup_register=%.1f primed_speedup_identify=%.1f%n",
                baseline, worst, worstRatio, speedups.getOrDefault("register", Double.NaN),
                speedups.getOrDefault("identify", Double.NaN));
    }

    /** Whether the function's jar carries the snapshot hooks' API (a handler without hooks has nothing to prime). */
    private static boolean primes(Function function) throws IOException {
        try (JarFile jar = new JarFile(function.jar().toFile())) {
            return jar.getEntry("org/crac/Resource.class") != null;
        }
    }

    private Run run(Function function, String mode) throws IOException, InterruptedException {
        Path event = function.event().get();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_OPTIONS);
        String classLog = System.getProperty("coldstart.classlog");
        if (classLog != null) {
            command.add("-Xlog:class+load:file=" + Path.of(classLog).resolve(function.name() + "-" + mode + ".log"));
        }
        command.add("-cp");
        command.add(String.join(File.pathSeparator, function.jar().toString(), runnerClasses(),
                serializationJar()));
        command.addAll(List.of(ColdStartRunner.class.getName(), function.handler(), event.toString(), mode));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(function.environment());
        long start = System.nanoTime();
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Double total = null;
        Matcher report = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher matcher = REPORT.matcher(line);
                if (matcher.matches() && total == null) {
                    total = (System.nanoTime() - start) / 1e6;
                    report = matcher;
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), function.name() + " did not finish");
        assertTrue(report != null, function.name() + " printed no report:\n" + output);
        assertTrue(function.handled().test(report.group(4)),
                function.name() + " did not handle its event: " + report.group(4) + "\n" + output);
        return new Run(total, Double.parseDouble(report.group(2)), Integer.parseInt(report.group(3)));
    }

    private static String runnerClasses() {
        try {
            return Path.of(ColdStartRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The runtime's event serialization library, which Lambda's Java runtime brings (not the function's jar). */
    private static String serializationJar() {
        try {
            Class<?> serializers = Class.forName(
                    "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers");
            return Path.of(serializers.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (ReflectiveOperationException | URISyntaxException missing) {
            throw new IllegalStateException("aws-lambda-java-serialization is not on the test class path", missing);
        }
    }

    private static Function endpointFunction(String name, String handler, String sample, Map<String, String> environment,
                                             Predicate<String> handled) {
        return new Function(name, functionJar(name), handler, () -> sample(sample), environment, handled);
    }

    private static Path functionJar(String function) {
        Path jar = SampleEvents.projectRoot().resolve("functions/" + function + "/target/" + function + "-lambda.jar");
        assertTrue(Files.isRegularFile(jar), jar + " was not built: run mvn -B install -DskipTests first");
        return jar;
    }

    private static Path baselineJar() {
        Path jar = SampleEvents.projectRoot().resolve("benchmarks/cold-start-baseline/target/cold-start-baseline-lambda.jar");
        assertTrue(Files.isRegularFile(jar), jar + " was not built: run mvn -B install -DskipTests first");
        return jar;
    }

    private static Path sample(String fileName) {
        return SampleEvents.projectRoot().resolve("events/" + fileName);
    }

    /** A sender whose event is, each run, one group message of a send dispatched just before to {@code queue}. */
    private Function sender(String name, String handler, SendingHarness harness, String queue,
                            Map<String, String> environment, Predicate<String> handled) {
        int[] request = {0};
        return new Function(name, functionJar(name), handler, () -> {
            dispatched(harness, "cold-" + name + "-" + request[0]++);
            return queueEvent(take(queue));
        }, environment, handled);
    }

    /** A function's environment with its push service's credentials in a secret that {@code secretsManager} serves. */
    private static Map<String, String> withSecret(Map<String, String> environment, String service,
                                                  LocalHttpEndpoint secretsManager) {
        Map<String, String> withSecret = new HashMap<>(environment);
        withSecret.put(service + "_SECRET_ARN", arn(service.toLowerCase(Locale.ROOT)));
        withSecret.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.url());
        return withSecret;
    }

    /** A person with an iOS and an Android device, and a send request for them on the send-request queue. */
    private static void sendRequest(SendingHarness harness, String requestId) {
        String person = "person-" + requestId;
        harness.registry.identifiedIosDevice(person);
        harness.registry.identifiedAndroidDevice(person);
        harness.submit(SendingHarness.request(requestId, person, "", "{\"title\":\"Cold\",\"body\":\"start\"}"));
    }

    /** A send request dispatched in this JVM: its groups wait on the delivery queues. */
    private static void dispatched(SendingHarness harness, String requestId) {
        sendRequest(harness, requestId);
        harness.drain(harness.sendRequests, batch -> harness.dispatchBatch().process(batch,
                harness.registry.clock().instant()));
    }

    private static Message take(String queue) {
        List<Message> messages = SendingHarness.receive(queue, 10);
        assertTrue(messages.size() >= 1, "a message on " + queue);
        SendingHarness.delete(queue, messages);
        return messages.get(0);
    }

    /** The queue trigger's event for one message, as Lambda hands it over. */
    private Path queueEvent(Message message) {
        ObjectNode record = Json.object();
        record.put("messageId", message.messageId());
        record.put("receiptHandle", message.receiptHandle());
        record.put("body", message.body());
        record.putObject("attributes").put("ApproximateReceiveCount", "1");
        record.putObject("messageAttributes");
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", "arn:aws:sqs:eu-central-1:123456789012:cold-start");
        record.put("awsRegion", "eu-central-1");
        ObjectNode event = Json.object();
        ArrayNode records = event.putArray("Records");
        records.add(record);
        try {
            return Files.writeString(Files.createTempFile(work, "event", ".json"), Json.write(event));
        } catch (IOException unwritable) {
            throw new IllegalStateException(unwritable);
        }
    }

    private static String arn(String name) {
        return "arn:aws:secretsmanager:eu-central-1:123456789012:secret:" + name + "-Ab12Cd";
    }

    /** An endpoint on loopback answering Secrets Manager's {@code GetSecretValue} with one secret. */
    private static LocalHttpEndpoint secretsManager(String name, String secretString) {
        ObjectNode answer = Json.object();
        answer.put("ARN", arn(name));
        answer.put("Name", name);
        answer.put("SecretString", secretString);
        LocalHttpEndpoint endpoint = LocalHttpEndpoint.serving("application/x-amz-json-1.1");
        endpoint.answer(200, Json.write(answer));
        return endpoint;
    }

    private static String keysSecret() {
        ObjectNode secret = Json.object();
        secret.putArray("app_key_sha256").add(ApiKeys.hexDigest(APP_KEY));
        secret.putArray("server_key_sha256").add(ApiKeys.hexDigest(SERVER_KEY));
        return Json.write(secret);
    }

    private static <T> double median(List<T> runs, ToDoubleFunction<T> value) {
        double[] values = runs.stream().mapToDouble(value).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
