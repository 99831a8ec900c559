package dev.pushregistry.system.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.system.Endpoints;
import dev.pushregistry.testing.Bodies;
import dev.pushregistry.testing.SampleEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * The races a new user found with concurrent calls, through the handlers: forget against the
 * writes that would outlive it, and identify against logout, whose history must run in the order
 * the writes took effect. Each runs the two calls at once, many times over, and the table is
 * checked after every round.
 */
class RacingWritesTest {
    private static final int ROUNDS = 50;

    private static TestRegistry registry;
    private static Endpoints endpoints;
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        registry = TestRegistry.create();
        endpoints = new Endpoints(registry, LogoutPolicy.DELETE);
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    @AfterEach
    void tableStaysConsistent() {
        registry.assertConsistent();
    }

    @RepeatedTest(ROUNDS)
    void forgetRacingAMoveAwayLeavesNoHistoryBehind(RepetitionInfo round) throws Exception {
        String ann = "ann-" + round.getCurrentRepetition();
        String bob = "bob-" + round.getCurrentRepetition();
        String token = Tokens.apns();
        assertEquals(200, call(identify(ann, token)).getStatusCode());

        List<APIGatewayV2HTTPResponse> answers = atOnce(forget(ann), identify(bob, token));

        assertEquals(204, answers.get(0).getStatusCode());
        assertEquals(200, answers.get(1).getStatusCode(), answers.get(1).getBody());
        assertEquals(404, call(devices(ann)).getStatusCode());
        assertEquals(404, call(history(ann)).getStatusCode(), "nothing of ann's outlives the forget");
        JsonNode bobs = Bodies.json(call(devices(bob)));
        assertEquals(token, bobs.at("/devices/0/token").asText());
    }

    @RepeatedTest(ROUNDS)
    void forgetRacingAnIdentifyOfTheSamePersonLeavesThemWhollyGoneOrWhollyThere(RepetitionInfo round)
            throws Exception {
        String ann = "amy-" + round.getCurrentRepetition();
        String first = Tokens.apns();
        String second = Tokens.apns();
        assertEquals(200, call(identify(ann, first)).getStatusCode());

        List<APIGatewayV2HTTPResponse> answers = atOnce(forget(ann), identify(ann, second));

        assertEquals(204, answers.get(0).getStatusCode());
        assertEquals(200, answers.get(1).getStatusCode(), answers.get(1).getBody());
        APIGatewayV2HTTPResponse listing = call(devices(ann));
        boolean after = listing.getStatusCode() == 200;
        if (after) {
            assertEquals(List.of(second), tokens(Bodies.json(listing)), "the identify after the forget, alone");
        } else {
            assertEquals(404, call(history(ann)).getStatusCode());
        }
        assertEquals(204, call(logout(ann, second)).getStatusCode());
        int devices = call(devices(ann)).getStatusCode();
        int history = call(history(ann)).getStatusCode();
        assertEquals(after ? 200 : 404, devices, "a person who got a device after the forget still exists");
        assertEquals(devices, history, "history exists exactly when the person does");
    }

    @RepeatedTest(ROUNDS)
    void identifyRacingLogoutWritesHistoryInTheOrderTheWritesTookEffect(RepetitionInfo round) throws Exception {
        String pat = "pat-" + round.getCurrentRepetition();
        String token = Tokens.apns();
        assertEquals(200, call(identify(pat, token)).getStatusCode());

        List<APIGatewayV2HTTPResponse> answers = atOnce(logout(pat, token), identify(pat, token));

        assertEquals(204, answers.get(0).getStatusCode());
        assertEquals(200, answers.get(1).getStatusCode(), answers.get(1).getBody());
        JsonNode person = Bodies.json(call(devices(pat)));
        List<JsonNode> events = new ArrayList<>();
        Bodies.json(call(history(pat))).get("events").forEach(events::add);
        List<String> types = events.stream().map(event -> event.get("type").asText()).toList();
        for (int i = 1; i < events.size(); i++) {
            assertFalse(Instant.parse(events.get(i).get("at").asText())
                            .isAfter(Instant.parse(events.get(i - 1).get("at").asText())),
                    "newest first, and the times agree: " + events);
        }
        if (tokens(person).contains(token)) {
            assertEquals(List.of("registered", "logged_out", "registered"), types, "logout, then identify");
            Instant lastUsed = Instant.parse(person.at("/devices/0/last_used").asText());
            assertFalse(lastUsed.isBefore(Instant.parse(events.get(1).get("at").asText())),
                    "the device came after the logout: " + person + " " + events);
        } else {
            assertEquals(List.of("logged_out", "registered"), types, "identify (no change), then logout");
        }
    }

    /** Runs both calls at the same moment and answers their responses in order. */
    private static List<APIGatewayV2HTTPResponse> atOnce(APIGatewayV2HTTPEvent first, APIGatewayV2HTTPEvent second)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<APIGatewayV2HTTPResponse> one = CompletableFuture.supplyAsync(() -> afterBarrier(start, first), pool);
        CompletableFuture<APIGatewayV2HTTPResponse> two = CompletableFuture.supplyAsync(() -> afterBarrier(start, second), pool);
        return List.of(one.get(1, TimeUnit.MINUTES), two.get(1, TimeUnit.MINUTES));
    }

    private static APIGatewayV2HTTPResponse afterBarrier(CyclicBarrier start, APIGatewayV2HTTPEvent event) {
        try {
            start.await(1, TimeUnit.MINUTES);
        } catch (Exception interrupted) {
            throw new IllegalStateException(interrupted);
        }
        return call(event);
    }

    private static APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        return endpoints.call(event);
    }

    private static List<String> tokens(JsonNode person) {
        List<String> tokens = new ArrayList<>();
        person.get("devices").forEach(device -> tokens.add(device.get("token").asText()));
        return tokens;
    }

    private static APIGatewayV2HTTPEvent identify(String person, String token) {
        return SampleEvents.withBody("identify.json", Bodies.identify(person, token, "ios").toString());
    }

    private static APIGatewayV2HTTPEvent logout(String person, String token) {
        return SampleEvents.withBody("logout.json", Bodies.logout(person, token).toString());
    }

    private static APIGatewayV2HTTPEvent forget(String person) {
        return SampleEvents.forPerson("people-forget.json", person, null);
    }

    private static APIGatewayV2HTTPEvent devices(String person) {
        return SampleEvents.forPerson("people-devices.json", person, null);
    }

    private static APIGatewayV2HTTPEvent history(String person) {
        return SampleEvents.forPerson("people-token-history.json", person, null);
    }
}
