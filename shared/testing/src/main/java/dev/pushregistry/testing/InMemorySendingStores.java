package dev.pushregistry.testing;

import dev.pushregistry.device.Device;
import dev.pushregistry.person.HistoryEvent;
import dev.pushregistry.person.PersonDevices;
import dev.pushregistry.person.PersonProfile;
import dev.pushregistry.registry.ConcurrentChangeException;
import dev.pushregistry.registry.RegistryChange;
import dev.pushregistry.registry.RegistryStore;
import dev.pushregistry.sending.Delivery;
import dev.pushregistry.sending.DeliveryOutcome;
import dev.pushregistry.sending.DispatchSkip;
import dev.pushregistry.sending.SendStore;
import dev.pushregistry.sending.SendSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stores a sender uses, held in memory, so that a benchmark can measure what the sender itself
 * costs apart from the table. Devices change under the same conditions as in the table (the
 * registration and status read); claims and outcomes follow the {@link SendStore} contract. Only
 * what a sender calls is here: the people operations and dispatch belong to the table.
 */
public final class InMemorySendingStores {
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Set<String> planned = ConcurrentHashMap.newKeySet();
    private final Map<String, String> claims = new ConcurrentHashMap<>();
    private final Map<String, DeliveryOutcome> outcomes = new ConcurrentHashMap<>();
    private final Registry registry = new Registry();
    private final Sends sends = new Sends();

    /** Adds (or replaces) a device. */
    public void put(Device device) {
        devices.put(device.token(), device);
    }

    /** The device under {@code token}, if any. */
    public Optional<Device> device(String token) {
        return Optional.ofNullable(devices.get(token));
    }

    public RegistryStore registry() {
        return registry;
    }

    public SendStore sends() {
        return sends;
    }

    private static String key(Delivery delivery) {
        return delivery.requestId() + "\n" + delivery.token();
    }

    private final class Registry implements RegistryStore {
        @Override
        public Optional<Device> findDevice(String token, Instant now) {
            return Optional.ofNullable(devices.get(token));
        }

        @Override
        public Map<String, Device> findDevices(Collection<String> tokens, Instant now) {
            Map<String, Device> found = new HashMap<>();
            for (String token : tokens) {
                Device device = devices.get(token);
                if (device != null) {
                    found.put(token, device);
                }
            }
            return found;
        }

        @Override
        public PersonDevices findPersonDevices(String personId, Instant now) {
            throw new UnsupportedOperationException("people are read from the table, not by a sender");
        }

        @Override
        public List<HistoryEvent> findHistory(String personId, Instant now, int max) {
            throw new UnsupportedOperationException("history is read from the table, not by a sender");
        }

        @Override
        public synchronized void apply(RegistryChange change) {
            for (RegistryChange.DeviceTransition transition : change.transitions()) {
                Device current = devices.get(transition.token());
                Device before = transition.before();
                boolean asRead = before == null ? current == null : current != null
                        && current.registrationVersion() == before.registrationVersion()
                        && current.status() == before.status();
                if (!asRead) {
                    throw new ConcurrentChangeException("the device changed since it was read", null);
                }
            }
            for (RegistryChange.DeviceTransition transition : change.transitions()) {
                if (transition.after() == null) {
                    devices.remove(transition.token());
                } else {
                    devices.put(transition.token(), transition.after());
                }
            }
        }

        @Override
        public PersonProfile saveUnsubscribed(String personId, boolean unsubscribed, Instant now) {
            throw new UnsupportedOperationException("profiles are written to the table, not by a sender");
        }

        @Override
        public void forgetPerson(String personId, Instant now) {
            throw new UnsupportedOperationException("people are forgotten in the table, not by a sender");
        }
    }

    private final class Sends implements SendStore {
        private final Map<String, Boolean> dispatched = new ConcurrentHashMap<>();

        @Override
        public void recordAccepted(String requestId, Instant now) {
            dispatched.putIfAbsent(requestId, false);
        }

        @Override
        public boolean isDispatched(String requestId) {
            return dispatched.getOrDefault(requestId, false);
        }

        @Override
        public List<Delivery> planDeliveries(List<Delivery> deliveries, Instant now) {
            List<Delivery> toPush = new ArrayList<>();
            for (Delivery delivery : deliveries) {
                planned.add(key(delivery));
                DeliveryOutcome outcome = outcomes.get(key(delivery));
                if (outcome == null || outcome == DeliveryOutcome.FAILED) {
                    toPush.add(delivery);
                }
            }
            return toPush;
        }

        @Override
        public void markDispatched(String requestId, Map<DispatchSkip, Integer> skips, Instant now) {
            dispatched.put(requestId, true);
        }

        @Override
        public Claim claim(Delivery delivery, String claimId, Instant now) {
            // a delivery a sender claims was planned, also when a benchmark queues it without dispatch
            planned.add(key(delivery));
            if (outcomes.containsKey(key(delivery))) {
                return Claim.ALREADY_DECIDED;
            }
            String holder = claims.putIfAbsent(key(delivery), claimId);
            return holder == null || holder.equals(claimId) ? Claim.CLAIMED : Claim.HELD_ELSEWHERE;
        }

        @Override
        public synchronized boolean recordOutcome(Delivery delivery, String claimId, DeliveryOutcome outcome,
                                                  String reason, RegistryChange deviceChange, Instant now) {
            String key = key(delivery);
            if (outcomes.containsKey(key) || !Objects.equals(claims.get(key), claimId)) {
                return false;
            }
            if (deviceChange != null) {
                registry.apply(deviceChange);
            }
            outcomes.put(key, outcome);
            return true;
        }

        @Override
        public Optional<SendSummary> findSummary(String requestId) {
            List<Optional<DeliveryOutcome>> found = new ArrayList<>();
            planned.stream().filter(key -> key.startsWith(requestId + "\n"))
                    .forEach(key -> found.add(Optional.ofNullable(outcomes.get(key))));
            return found.isEmpty() && !dispatched.containsKey(requestId) ? Optional.empty()
                    : Optional.of(SendSummary.of(requestId, isDispatched(requestId), Map.of(), found));
        }
    }
}
