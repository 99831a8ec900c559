package dev.pushregistry.system.registry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.fixtures.AnsweringGateway;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.core.sending.Delivery;
import dev.pushregistry.core.sending.DeliveryGroup;
import dev.pushregistry.core.sending.DeliverySender;
import dev.pushregistry.core.sending.GroupRecord;
import dev.pushregistry.core.sending.LiveActivityPush;
import dev.pushregistry.core.sending.MessageOutcome;
import dev.pushregistry.core.sending.PushMessage;
import dev.pushregistry.core.sending.PushResult;
import dev.pushregistry.core.sending.QueuedGroup;
import dev.pushregistry.core.sending.SenderSettings;
import dev.pushregistry.json.Json;
import dev.pushregistry.store.dynamodb.DynamoDbSendStore;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.system.Endpoints;
import dev.pushregistry.testing.Bodies;
import dev.pushregistry.testing.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pair of operations that write for a person, run at the same moment against the same person
 * and token, round after round, with the invariant checker after each round: whatever order the
 * table applied them in, it must be one that some serial order explains. After a forget, nothing of
 * the person from before the round may remain.
 *
 * <p>Each round starts from one scene: person P owns token T, bounced (so identify resets it), with a
 * Live Activity start token and a running activity, and sends planned to T and to the activity;
 * person Q owns nothing.
 * The invariant checker also holds that no activity outlives a move of its device to another person.
 */
class PersonWriteRaceMatrixTest {
    private static final int ROUNDS = 6;

    private static ExecutorService pool;

    /** An operation that writes for P; {@code copy} tells two copies of one operation apart. */
    enum Operation {
        IDENTIFY_MOVE, IDENTIFY_AGAIN, IDENTIFY_NEW_TOKEN, REGISTER, REFRESH, LOGOUT, PUT_PERSON, FORGET, VERDICT,
        START_TOKENS, LIVE_ACTIVITY, LIVE_ACTIVITY_END, LIVE_ACTIVITY_VERDICT
    }

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        Operation[] operations = Operation.values();
        for (int first = 0; first < operations.length; first++) {
            for (int second = first; second < operations.length; second++) {
                pairs.add(Arguments.of(operations[first], operations[second]));
            }
        }
        return pairs.stream();
    }

    @BeforeAll
    static void start() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    @ParameterizedTest(name = "{0} racing {1}")
    @MethodSource("pairs")
    void racingPersonWritesLeaveATableSomeSerialOrderExplains(Operation first, Operation second) throws Exception {
        TestRegistry registry = TestRegistry.create();
        Endpoints endpoints = new Endpoints(registry, LogoutPolicy.DELETE);
        DynamoDbSendStore sends =
                new DynamoDbSendStore(registry.client(), registry.table(), registry.store(), Duration.ofDays(14));
        for (int round = 1; round <= ROUNDS; round++) {
            Scene scene = Scene.set(registry, endpoints, sends, round);
            CyclicBarrier start = new CyclicBarrier(2);
            CompletableFuture<Integer> one = CompletableFuture.supplyAsync(() -> scene.run(first, 0, start), pool);
            CompletableFuture<Integer> two = CompletableFuture.supplyAsync(() -> scene.run(second, 1, start), pool);
            int firstStatus = one.get(2, TimeUnit.MINUTES);
            int secondStatus = two.get(2, TimeUnit.MINUTES);

            String pair = first + " racing " + second + ", round " + round;
            assertTrue(succeeded(firstStatus) && succeeded(secondStatus),
                    pair + ": both succeed, answered " + firstStatus + " and " + secondStatus);
            registry.assertConsistent();
            if (first == Operation.FORGET || second == Operation.FORGET) {
                scene.assertNothingOfPFromBeforeTheRound();
            }
        }
    }

    private static boolean succeeded(int status) {
        return status == 200 || status == 204;
    }

    /** One round's people, tokens and planned sends. */
    private record Scene(TestRegistry registry, Endpoints endpoints, DynamoDbSendStore sends, String p, String q,
                         String token, List<Delivery> deliveries, Instant start, int round) {

        static Scene set(TestRegistry registry, Endpoints endpoints, DynamoDbSendStore sends, int round) {
            String p = "p-" + round;
            String token = registry.identifiedIosDevice(p);
            APIGatewayV2HTTPResponse started = endpoints.call(SampleEvents.withBody("register.json",
                    Bodies.device(token, "ios").set("live_activity_start_tokens",
                            Json.object().put("DeliveryAttributes", Tokens.apns())).toString()));
            APIGatewayV2HTTPResponse running = endpoints.call(SampleEvents.withBody("live-activities.json",
                    activity(token, "order-" + round).toString()));
            assertTrue(started.getStatusCode() == 200 && running.getStatusCode() == 200,
                    "the scene has its live activity: " + started.getBody() + " " + running.getBody());
            registry.setStatus(token, DeviceStatus.BOUNCED);
            Device device = registry.store().findDevice(TestRegistry.at(token), registry.clock().peek()).orElseThrow();
            List<Delivery> deliveries = new ArrayList<>();
            String activityToken = device.liveActivities().activities().get("order-" + round).token();
            for (int copy = 0; copy < 4; copy++) {
                Delivery delivery = copy < 2
                        ? Delivery.plan("send-" + round + "-" + copy, device, PushMessage.builder().title("Hi").build())
                        : Delivery.plan("live-" + round + "-" + copy, device, liveActivityUpdate(round), activityToken);
                sends.planGroup(GroupRecord.planned(delivery.requestId(), 0, delivery.provider(), TestRegistry.APP,
                        delivery.message(), List.of(delivery.plannedTarget())), registry.clock().instant());
                deliveries.add(delivery);
            }
            return new Scene(registry, endpoints, sends, p, "q-" + round, token, deliveries,
                    registry.clock().peek(), round);
        }

        /** Runs the operation once the other one is ready too; answers its HTTP status (204 for a verdict). */
        int run(Operation operation, int copy, CyclicBarrier start) {
            try {
                start.await(1, TimeUnit.MINUTES);
            } catch (Exception interrupted) {
                throw new IllegalStateException(interrupted);
            }
            return switch (operation) {
                case IDENTIFY_MOVE -> call(SampleEvents.withBody("identify.json",
                        Bodies.identify(q + "-" + copy, token, "ios").toString()));
                case IDENTIFY_AGAIN -> call(SampleEvents.withBody("identify.json",
                        Bodies.identify(p, token, "ios").toString()));
                case IDENTIFY_NEW_TOKEN -> call(SampleEvents.withBody("identify.json",
                        Bodies.identify(p, Tokens.apns(), "ios").toString()));
                case REGISTER -> call(SampleEvents.withBody("register.json",
                        Bodies.device(token, "ios").put("push_enabled", copy == 0).toString()));
                case REFRESH -> call(SampleEvents.withBody("register.json",
                        Bodies.device(Tokens.apns(), "ios").put("previous_token", token).toString()));
                case LOGOUT -> call(SampleEvents.withBody("logout.json", Bodies.logout(p, token).toString()));
                case PUT_PERSON -> call(SampleEvents.forPerson("people-update.json", p,
                        "{\"unsubscribed\":" + (copy == 0) + "}"));
                case FORGET -> call(SampleEvents.forPerson("people-forget.json", p, null));
                case LIVE_ACTIVITY_VERDICT -> verdict(deliveries.get(2 + copy), round % 2 == 0
                        ? new PushResult.BadToken("BadDeviceToken")
                        : new PushResult.Unregistered(Optional.empty()));
                case VERDICT -> verdict(deliveries.get(copy), round % 2 == 0
                        ? new PushResult.BadToken("BadDeviceToken")
                        : new PushResult.Unregistered(Optional.empty()));
                case START_TOKENS -> call(SampleEvents.withBody("register.json", Bodies.device(token, "ios")
                        .set("live_activity_start_tokens", Json.object().put("ScoreAttributes", Tokens.apns())).toString()));
                case LIVE_ACTIVITY -> deviceMayBeGone(call(SampleEvents.withBody("live-activities.json",
                        activity(token, "race-" + copy).toString())));
                case LIVE_ACTIVITY_END -> deviceMayBeGone(call(SampleEvents.withBody("live-activities-end.json",
                        Json.object().put("device_token", token).put("activity_id", "order-" + round).toString())));
            };
        }

        /** An update of the scene's activity, as dispatch plans it. */
        private static PushMessage liveActivityUpdate(int round) {
            return PushMessage.builder().liveActivity(new LiveActivityPush(LiveActivityPush.Event.UPDATE,
                    Optional.of("order-" + round), Optional.empty(), Optional.empty(), Optional.of("{\"eta\":5}"),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Instant.EPOCH))).build();
        }

        /**
         * A Live Activity call's answer, where a {@code 404} means the other operation removed the
         * device first (a logout, refresh or forget): a serial order explains it, so it counts as done.
         */
        private static int deviceMayBeGone(int status) {
            return status == 404 ? 204 : status;
        }

        /** An activity's update token on the device {@code token}, as the app reports it. */
        private static ObjectNode activity(String token, String activityId) {
            return Json.object().put("device_token", token).put("activity_id", activityId)
                    .put("activity_type", "DeliveryAttributes").put("token", Tokens.apns());
        }

        private int call(APIGatewayV2HTTPEvent event) {
            APIGatewayV2HTTPResponse response = endpoints.call(event);
            return response.getStatusCode();
        }

        /** A sender pushes the planned delivery and the push service answers {@code result}. */
        private int verdict(Delivery delivery, PushResult result) {
            DeliverySender sender = new DeliverySender(registry.store(), sends, AnsweringGateway.apns(pushed -> result),
                    SenderSettings.DEFAULTS);
            Map<String, MessageOutcome> outcomes = sender.send(
                    List.of(new QueuedGroup("m-" + delivery.requestId(), new DeliveryGroup(delivery.requestId(), 0,
                            delivery.provider(), delivery.appId(), delivery.message(), List.of(new DeliveryGroup.Slot(0, delivery))), false)),
                    registry.clock().instant());
            MessageOutcome outcome = outcomes.values().iterator().next();
            return outcome.disposition() == MessageOutcome.Disposition.DONE ? 204 : 500;
        }

        /** Whatever of P remains was written by this round's operations, after the forget began. */
        void assertNothingOfPFromBeforeTheRound() {
            Instant now = registry.clock().peek();
            for (HistoryEvent event : registry.store().findHistory(p, now, 1000)) {
                assertTrue(!event.at().isBefore(start), p + " keeps a history entry from before the forget: " + event);
            }
            for (Device device : registry.store().findPersonDevices(p, now).devices()) {
                assertTrue(!device.lastUsed().isBefore(start), p + " keeps a device from before the forget: " + device.token());
            }
            registry.store().findDevice(TestRegistry.at(token), now).filter(device -> device.isOwnedBy(p)).ifPresent(device ->
                    assertTrue(!device.lastUsed().isBefore(start), "the token still belongs to " + p + " from before"));
        }
    }
}
