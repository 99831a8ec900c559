package dev.pushregistry.testing;

import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.person.PersonDevices;
import dev.pushregistry.core.person.PersonProfile;
import dev.pushregistry.core.registry.ConcurrentChangeException;
import dev.pushregistry.core.registry.RegistryChange;
import dev.pushregistry.core.registry.RegistryStore;
import dev.pushregistry.core.sending.DeliveryOutcome;
import dev.pushregistry.core.sending.DispatchSkip;
import dev.pushregistry.core.sending.GroupRecord;
import dev.pushregistry.core.sending.SendStore;
import dev.pushregistry.core.sending.SendSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stores a sender uses, held in memory, so that a benchmark can measure what the sender itself
 * costs apart from the table. Devices change under the same conditions as in the table (the
 * registration and status read); delivery groups, claims and outcomes follow the {@link SendStore}
 * contract. Only what a sender and the group planning call is here: people are read and changed in
 * the table.
 */
public final class InMemorySendingStores {
    private final Map<DeviceAddress, Device> devices = new ConcurrentHashMap<>();
    private final Registry registry = new Registry();
    private final Sends sends = new Sends();

    /** Adds (or replaces) a device. */
    public void put(Device device) {
        devices.put(device.address(), device);
    }

    /** The device at {@code address}, if any. */
    public Optional<Device> device(DeviceAddress address) {
        return Optional.ofNullable(devices.get(address));
    }

    public RegistryStore registry() {
        return registry;
    }

    public SendStore sends() {
        return sends;
    }

    private final class Registry implements RegistryStore {
        @Override
        public Optional<Device> findDevice(DeviceAddress address, Instant now) {
            return Optional.ofNullable(devices.get(address));
        }

        @Override
        public Map<DeviceAddress, Device> findDevices(Collection<DeviceAddress> addresses, Instant now) {
            Map<DeviceAddress, Device> found = new HashMap<>();
            for (DeviceAddress address : addresses) {
                Device device = devices.get(address);
                if (device != null) {
                    found.put(address, device);
                }
            }
            return found;
        }

        @Override
        public List<PersonDevices> findPeopleDevices(List<String> personIds, Instant now) {
            throw new UnsupportedOperationException("people are read from the table, not by a sender");
        }

        @Override
        public List<HistoryEvent> findHistory(String personId, Instant now, int max) {
            throw new UnsupportedOperationException("history is read from the table, not by a sender");
        }

        @Override
        public synchronized void apply(RegistryChange change) {
            for (RegistryChange.DeviceTransition transition : change.transitions()) {
                Device current = devices.get(transition.address());
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
                    devices.remove(transition.address());
                } else {
                    devices.put(transition.address(), transition.after());
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
        /** Groups by request, then number. */
        private final Map<String, Map<Integer, GroupRecord>> groups = new ConcurrentHashMap<>();

        @Override
        public void recordAccepted(String requestId, Instant now) {
            dispatched.putIfAbsent(requestId, false);
        }

        @Override
        public boolean isDispatched(String requestId) {
            return dispatched.getOrDefault(requestId, false);
        }

        private Map<Integer, GroupRecord> of(String requestId) {
            return groups.computeIfAbsent(requestId, request -> new TreeMap<>());
        }

        @Override
        public synchronized List<GroupRecord> findGroups(String requestId) {
            return List.copyOf(of(requestId).values());
        }

        @Override
        public synchronized Optional<GroupRecord> planGroup(GroupRecord group, Instant now) {
            GroupRecord existing = of(group.requestId()).putIfAbsent(group.number(), group);
            return Optional.ofNullable(existing);
        }

        @Override
        public void markDispatched(String requestId, Map<DispatchSkip, Integer> skips, Instant now) {
            dispatched.put(requestId, true);
        }

        @Override
        public synchronized GroupClaim claim(String requestId, int number, String claimId, Instant now) {
            GroupRecord group = of(requestId).get(number);
            if (group == null) {
                return new GroupClaim(Claim.UNKNOWN, null);
            }
            if (group.claimId().isPresent() && !group.claimId().get().equals(claimId) && group.undecided()) {
                return new GroupClaim(Claim.HELD_ELSEWHERE, group);
            }
            of(requestId).put(number, group.withClaim(Optional.of(claimId)));
            return new GroupClaim(Claim.CLAIMED, group);
        }

        @Override
        public synchronized Optional<GroupRecord> findGroup(String requestId, int number) {
            return Optional.ofNullable(of(requestId).get(number));
        }

        @Override
        public synchronized Optional<GroupRecord> recordOutcomes(GroupRecord asRead, String claimId,
                                                                 List<Optional<DeliveryOutcome>> outcomes,
                                                                 Optional<String> reason, Instant now) {
            GroupRecord current = of(asRead.requestId()).get(asRead.number());
            if (current == null) {
                return Optional.empty();
            }
            if (!current.claimId().equals(Optional.of(claimId)) || !current.outcomes().equals(asRead.outcomes())) {
                return Optional.of(current);
            }
            of(asRead.requestId()).put(asRead.number(), current.withOutcomes(outcomes, reason));
            return Optional.empty();
        }

        @Override
        public synchronized Optional<SendSummary> findSummary(String requestId) {
            List<Optional<DeliveryOutcome>> found = new ArrayList<>();
            of(requestId).values().forEach(group -> found.addAll(group.outcomes()));
            return found.isEmpty() && !dispatched.containsKey(requestId) ? Optional.empty()
                    : Optional.of(SendSummary.of(requestId, isDispatched(requestId), Map.of(), found));
        }
    }
}
