package dev.pushregistry.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.error.TransientFailure;
import dev.pushregistry.core.fixtures.Tokens;
import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.person.HistoryEventType;
import dev.pushregistry.core.person.PersonDevices;
import dev.pushregistry.core.registry.ConcurrentChangeException;
import dev.pushregistry.core.registry.DeviceFields;
import dev.pushregistry.core.registry.IdentifyCommand;
import dev.pushregistry.core.registry.IdentifyResult;
import dev.pushregistry.core.registry.RegistryChange;
import dev.pushregistry.core.time.Timestamps;
import dev.pushregistry.core.validation.TokenFormat;
import dev.pushregistry.store.dynamodb.fixtures.DynamoDbLocal;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/** The table's side of the guarantees: conditions, history order and forget, against DynamoDB Local. */
class DynamoDbRegistryStoreTest {
    /** Lets a test stop one thread's calls at a chosen point; everything else passes through. */
    private volatile ExecutionInterceptor hook = new ExecutionInterceptor() { };
    private final TestRegistry registry = TestRegistry.usingClient(DynamoDbLocal.server().newClient(new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            hook.beforeExecution(context, attributes);
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            hook.onExecutionFailure(context, attributes);
        }
    }));
    private final DynamoDbRegistryStore store = registry.store();

    private Device anonymous(String token, Instant at) {
        return Device.builder().appId(TestRegistry.APP).token(token).platform(Platform.IOS).provider(Provider.APNS).pushEnabled(true)
                .status(DeviceStatus.UNUSED).lastUsed(at).createdAt(at).attributes(Map.of())
                .registrationVersion(Timestamps.micros(at)).build();
    }

    @Test
    void theLongestTokenAcceptedIsStoredUnderEveryKeyOfTheLongestAppAndOneLongerIsRefused() {
        String app = "a" + "b".repeat(39);
        String longest = "f".repeat(TokenFormat.MAX_FCM_LENGTH);
        TokenFormat.check(longest, Provider.FCM, "token");
        assertThrows(RegistryException.class, () -> TokenFormat.check(longest + "f", Provider.FCM, "token"));
        Instant now = registry.clock().instant();
        IdentifyResult first = registry.devices().identify(new IdentifyCommand("longest",
                new DeviceFields(app, longest, Platform.ANDROID, null, null, true, null)), now);
        registry.devices().identify(new IdentifyCommand("longest-2",
                new DeviceFields(app, longest, Platform.ANDROID, null, null, true, null)), registry.clock().instant());
        assertEquals(app, first.device().appId());
        PersonDevices owner = registry.people().devices("longest-2", registry.clock().instant());
        assertEquals(List.of(longest), owner.devices().stream().map(Device::token).toList(),
                "the token item and the owner's copy were written under their keys, the move's history too");
        registry.assertConsistent();
    }

    @Test
    void aStatusChangeWritesTheTokenItemAloneAndPeopleAreReadWithTheirTokenItemsStatus() {
        String ann = registry.identifiedIosDevice("ann");
        String annOther = registry.identifiedIosDevice("ann");
        String bob = registry.identifiedIosDevice("bob");
        List<String> writes = new CopyOnWriteArrayList<>();
        hook = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (!(context.request() instanceof GetItemRequest)) {
                    writes.add(context.request().getClass().getSimpleName());
                }
            }
        };

        registry.setStatus(annOther, DeviceStatus.BOUNCED);

        assertEquals(List.of("PutItemRequest"), writes, "one conditional put, no transaction with the owner's copy");
        List<PersonDevices> people = store.findPeopleDevices(List.of("bob", "ann", "nobody"), registry.clock().peek());
        assertEquals(List.of("bob", "ann", "nobody"), people.stream().map(PersonDevices::personId).toList());
        assertEquals(List.of(bob), people.get(0).devices().stream().map(Device::token).toList());
        Map<String, DeviceStatus> statuses = new HashMap<>();
        people.get(1).devices().forEach(device -> statuses.put(device.token(), device.status()));
        assertEquals(Map.of(ann, DeviceStatus.UNUSED, annOther, DeviceStatus.BOUNCED), statuses);
        assertFalse(people.get(2).known());
        registry.assertConsistent();
    }

    @Test
    void aSingleItemWriteKeepsItsNamedConditionAndIsRefusedWhenTheTokenExists() {
        Instant now = registry.clock().instant();
        String token = Tokens.apns();
        Device device = anonymous(token, now);
        store.apply(RegistryChange.withVersion(device.registrationVersion()).replace(null, device).build());

        Device again = anonymous(token, registry.clock().instant());
        assertThrows(ConcurrentChangeException.class,
                () -> store.apply(RegistryChange.withVersion(again.registrationVersion()).replace(null, again).build()),
                "the condition that the token is new is evaluated, names and all");
        assertEquals(device.registrationVersion(), store.findDevice(TestRegistry.at(token), now).orElseThrow().registrationVersion());
    }

    @Test
    void aChangeOlderThanThePersonsNewestHistoryIsRefusedAndToldHowNew() {
        String token = registry.identifiedIosDevice("olga");
        Device device = store.findDevice(TestRegistry.at(token), registry.clock().peek()).orElseThrow();
        long newest = device.registrationVersion();
        long older = newest - 1_000;
        Device other = anonymous(Tokens.apns(), Timestamps.ofMicros(older));
        RegistryChange.Builder late = RegistryChange.withVersion(older);
        late.replace(null, other.toBuilder().personId("olga").build())
                .event("olga", HistoryEvent.of(late.at(), HistoryEventType.REGISTERED, other.address()));

        ConcurrentChangeException refused = assertThrows(ConcurrentChangeException.class, () -> store.apply(late.build()));

        assertEquals(newest, refused.newestHistoryOrder());
        assertFalse(refused.personBeingForgotten());
        assertTrue(store.findDevice(TestRegistry.at(other.token()), registry.clock().peek()).isEmpty(), "nothing was written");
    }

    @Test
    void anIdentifyRacingAForgetWaitsAndAppliesToAPersonWhoStartsAfresh() throws Exception {
        String first = registry.identifiedIosDevice("fay");
        String second = Tokens.apns();
        CountDownLatch identifyRefused = new CountDownLatch(1);
        CountDownLatch forgetSweeping = new CountDownLatch(1);
        hook = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof QueryRequest && Thread.currentThread().getName().startsWith("forget")) {
                    forgetSweeping.countDown();
                    await(identifyRefused);
                }
            }

            @Override
            public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof TransactWriteItemsRequest) {
                    identifyRefused.countDown();
                }
            }
        };
        Instant forgetAt = registry.clock().instant();
        CompletableFuture<Void> forget = new CompletableFuture<>();
        Thread forgetting = new Thread(() -> {
            try {
                registry.people().forget("fay", forgetAt);
                forget.complete(null);
            } catch (RuntimeException failure) {
                forget.completeExceptionally(failure);
            }
        }, "forget-fay");
        forgetting.start();
        await(forgetSweeping);

        assertFalse(store.findPersonDevices("fay", registry.clock().peek()).known(),
                "a person being forgotten reads as unknown");
        IdentifyResult identified = registry.devices().identify(new IdentifyCommand("fay",
                new DeviceFields(TestRegistry.APP, second, Platform.IOS, null, null, true, null)), registry.clock().instant());

        forget.get(1, TimeUnit.MINUTES);
        assertEquals(List.of(second), store.findPersonDevices("fay", registry.clock().peek()).devices().stream()
                .map(Device::token).toList(), "the forget removed the old device, the identify came after");
        assertTrue(store.findDevice(TestRegistry.at(first), registry.clock().peek()).isEmpty());
        List<HistoryEvent> history = store.findHistory("fay", registry.clock().peek(), 10);
        assertEquals(List.of(HistoryEventType.REGISTERED), history.stream().map(HistoryEvent::type).toList());
        assertEquals(identified.device().lastUsed(), history.get(0).at());
        assertFalse(store.findPersonDevices("fay", registry.clock().peek()).profile().orElseThrow().createdAt()
                .isBefore(forgetAt), "a new profile: the person started afresh");
        registry.assertConsistent();
    }

    @Test
    void aForgetThatWasCutOffLeavesAMarkThatRunsOutWithItsLease() {
        registry.identifiedIosDevice("gus");
        hook = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof QueryRequest) {
                    throw new IllegalStateException("the function was cut off");
                }
            }
        };
        Instant forgetAt = registry.clock().instant();
        assertThrows(RuntimeException.class, () -> store.forgetPerson("gus", forgetAt));
        hook = new ExecutionInterceptor() { };
        assertFalse(store.findPersonDevices("gus", forgetAt).known(), "unknown while the mark holds");
        ConcurrentChangeException waits = assertThrows(ConcurrentChangeException.class,
                () -> store.saveUnsubscribed("gus", true, forgetAt));
        assertTrue(waits.personBeingForgotten(), "setting the profile waits for the forget too");

        registry.clock().advance(DynamoDbRegistryStore.FORGET_LEASE.plusSeconds(1));
        String again = registry.identifiedIosDevice("gus");

        assertTrue(store.findPersonDevices("gus", registry.clock().peek()).devices().stream()
                .anyMatch(device -> device.token().equals(again)));
        store.forgetPerson("gus", registry.clock().instant());
        assertFalse(store.findPersonDevices("gus", registry.clock().peek()).known());
        registry.assertConsistent();
    }

    @Test
    void aTableThatKeepsThrottlingIsATransientFailureAndAnythingElseItCannotDoToo() {
        hook = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                throw ProvisionedThroughputExceededException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                        .message("slow down").build();
            }
        };
        assertThrows(TransientFailure.Throttled.class, () -> store.findDevice(TestRegistry.at(Tokens.apns()), registry.clock().peek()));

        hook = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                throw SdkClientException.create("connection refused");
            }
        };
        TransientFailure.Unavailable unavailable = assertThrows(TransientFailure.Unavailable.class,
                () -> store.findPersonDevices("hal", registry.clock().peek()));
        assertTrue(unavailable.getMessage().startsWith("could not"), unavailable.getMessage());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the other side never got there");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
