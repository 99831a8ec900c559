package dev.pushregistry.core.registry;

import dev.pushregistry.core.device.DeletionReason;
import dev.pushregistry.core.device.Device;
import dev.pushregistry.core.device.DeviceAddress;
import dev.pushregistry.core.device.DeviceStatus;
import dev.pushregistry.core.device.LiveActivities;
import dev.pushregistry.core.device.Platform;
import dev.pushregistry.core.device.Provider;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import dev.pushregistry.core.person.HistoryEvent;
import dev.pushregistry.core.person.HistoryEventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The device lifecycle: register, identify and logout, each within one app (a device is its app and
 * token, so an operation of one app never touches another app's devices). Each operation reads the devices it touches,
 * decides the whole change, and has the store apply it atomically on condition that nothing it
 * read has changed; if something has, it reads again and decides again. A change's time (its
 * {@code last_used}, registration version and history entries) is taken in the attempt that
 * applies, after everything it follows, so history runs in the order changes took effect.
 */
public final class DeviceRegistry {
    /** The most devices one identify displaces (each is a few items of its transaction). */
    static final int MAX_DISPLACED_AT_ONCE = 10;

    private final RegistryStore store;
    private final RegistrySettings settings;
    private final OptimisticRetry retry;
    private final LiveActivityRegistry liveActivities;

    public DeviceRegistry(RegistryStore store, RegistrySettings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.retry = new OptimisticRetry(settings.maxAttempts());
        this.liveActivities = new LiveActivityRegistry(store, settings);
    }

    /** The Live Activities of the same devices. */
    public LiveActivityRegistry liveActivities() {
        return liveActivities;
    }

    /**
     * Upserts the device. Never changes the owner or resets a status; with a previous token, the
     * new token takes over the previous token's owner and the previous token is removed, in one
     * step.
     */
    public Device register(RegisterCommand command, Instant now) {
        return register(command, OwnerCheck.ANYONE, now);
    }

    /**
     * Like {@link #register(RegisterCommand, Instant)}, but what changes a person's device for them
     * needs {@code ownerCheck} to allow it for that person, or nothing is written: taking over a
     * previous token they own, and setting Live Activity start tokens on a device they own.
     */
    public Device register(RegisterCommand command, OwnerCheck ownerCheck, Instant now) {
        return retry.run(attempt -> {
            Optional<Device> current = store.findDevice(command.device().address(), now);
            Optional<Device> replaced = command.replaced().flatMap(previous -> store.findDevice(previous, now));
            replaced.flatMap(Device::personId).ifPresent(ownerCheck::allow);
            if (!command.device().liveActivityStartTokens().isEmpty()) {
                current.flatMap(Device::personId).ifPresent(ownerCheck::allow);
            }
            RegistryChange.Builder change = RegistryChange.withVersion(
                    attempt.versionAfter(now, versionOf(current), versionOf(replaced)));
            Device registered = registration(current, command.device(), change);
            if (replaced.isPresent()) {
                registered = takeOver(replaced.get(), current, registered, change);
            }
            registered = settled(current, registered, command.device());
            store.apply(change.replace(current.orElse(null), registered).build());
            return registered;
        });
    }

    /**
     * The refreshed token takes over the replaced token's owner; the replaced token goes. The
     * owner's history says which token replaced which.
     */
    private static Device takeOver(Device replaced, Optional<Device> current, Device registered,
                                   RegistryChange.Builder change) {
        Instant at = change.at();
        change.remove(replaced, DeletionReason.REFRESHED);
        Optional<String> owner = replaced.personId();
        if (owner.isEmpty()) {
            return registered;
        }
        String person = owner.get();
        Optional<String> currentOwner = current.flatMap(Device::personId).filter(other -> !other.equals(person));
        if (currentOwner.isPresent()) {
            change.event(currentOwner.get(),
                    new HistoryEvent(at, HistoryEventType.MOVED_OUT, registered.address(), person, null));
        }
        HistoryEventType type = currentOwner.isPresent() ? HistoryEventType.MOVED_IN : HistoryEventType.REGISTERED;
        change.event(person,
                new HistoryEvent(at, type, registered.address(), currentOwner.orElse(null), replaced.token()));
        return registered.toBuilder().personId(person).build();
    }

    /**
     * Makes the person the token's owner, moving it from its previous owner if there was one, and
     * forgives a bounced or suppressed status. A device new to the person that takes them past the
     * deployment's {@linkplain RegistrySettings#maxDevicesPerPerson() cap} in its app displaces their
     * least recently used ones in the same change ({@link #displaceLeastRecentlyUsed}).
     */
    public IdentifyResult identify(IdentifyCommand command, Instant now) {
        String person = command.personId();
        return retry.run(attempt -> {
            Optional<Device> current = store.findDevice(command.device().address(), now);
            RegistryChange.Builder change = RegistryChange.withVersion(attempt.versionAfter(now, versionOf(current)));
            Instant at = change.at();
            Device registered = registration(current, command.device(), change);
            Device identified = settled(current, registered.toBuilder()
                    .personId(person)
                    .status(registered.status().afterIdentify())
                    .build(), command.device());
            change.replace(current.orElse(null), identified);
            Optional<String> previousOwner = current.flatMap(Device::personId);
            DeviceAddress device = identified.address();
            if (previousOwner.isEmpty()) {
                change.event(person, HistoryEvent.of(at, HistoryEventType.REGISTERED, device));
            } else if (!previousOwner.get().equals(person)) {
                change.event(previousOwner.get(),
                                new HistoryEvent(at, HistoryEventType.MOVED_OUT, device, person, null))
                        .event(person,
                                new HistoryEvent(at, HistoryEventType.MOVED_IN, device, previousOwner.get(), null));
            }
            if (identified.status() != registered.status()) {
                change.event(person, HistoryEvent.of(at, HistoryEventType.RESET, device));
            }
            if (!previousOwner.equals(Optional.of(person))) {
                displaceLeastRecentlyUsed(person, identified, change, now);
            }
            store.apply(change.build());
            return new IdentifyResult(identified, previousOwner.filter(owner -> !owner.equals(person)).orElse(null));
        });
    }

    /**
     * Keeps a person within the device cap of an app as {@code arriving} joins their devices: the
     * least recently used of the others leave as a logout would have them leave (a {@code logged_out}
     * history entry; deleted with reason {@code displaced}, or made anonymous, by the logout policy),
     * at most {@value #MAX_DISPLACED_AT_ONCE} in one change so that it stays one transaction (a cap
     * lowered below what people hold is reached over their next identifies). Identifies of one person
     * racing on different tokens may each see room for one more: the cap holds within that margin.
     */
    private void displaceLeastRecentlyUsed(String person, Device arriving, RegistryChange.Builder change,
                                           Instant now) {
        List<Device> others = store.findPersonDevices(person, now).ofApp(arriving.appId()).devices().stream()
                .filter(device -> !device.token().equals(arriving.token()))
                .toList();
        int excess = Math.min(others.size() + 1 - settings.maxDevicesPerPerson(), MAX_DISPLACED_AT_ONCE);
        for (int leaving = 0; leaving < excess; leaving++) {
            Device copy = others.get(others.size() - 1 - leaving);
            store.findDevice(copy.address(), now).filter(device -> device.isOwnedBy(person))
                    .ifPresent(device -> leave(device, person, DeletionReason.DISPLACED, change));
        }
    }

    /**
     * Ends the person's ownership of the token, by the deployment's logout policy. A token the
     * person does not own is left alone.
     *
     * @return whether anything changed
     */
    public boolean logout(LogoutCommand command, Instant now) {
        return retry.run(attempt -> {
            Optional<Device> current = store.findDevice(command.device(), now)
                    .filter(device -> device.isOwnedBy(command.personId()));
            if (current.isEmpty()) {
                return false;
            }
            Device device = current.get();
            RegistryChange.Builder change = RegistryChange.withVersion(
                    attempt.versionAfter(now, device.registrationVersion()));
            leave(device, command.personId(), DeletionReason.LOGGED_OUT, change);
            store.apply(change.build());
            return true;
        });
    }

    /**
     * {@code person} leaves {@code device} as a logout has them leave: a {@code logged_out} history
     * entry, and by the logout policy the device deleted (for {@code reason}) or kept without an owner
     * and without the Live Activity tokens their app registered.
     */
    private void leave(Device device, String person, DeletionReason reason, RegistryChange.Builder change) {
        change.event(person, HistoryEvent.of(change.at(), HistoryEventType.LOGGED_OUT, device.address()));
        if (settings.logoutPolicy() == LogoutPolicy.DELETE) {
            change.remove(device, reason);
        } else {
            change.replace(device, device.toBuilder().personId(null).liveActivities(LiveActivities.NONE)
                    .registrationVersion(change.version()).build());
        }
    }

    /**
     * Brings in a device from another system, unless the registry holds a registration of its token
     * as new as the imported {@code last_used} or newer (so importing the same devices again
     * changes nothing). The device takes the imported fields, owner and {@code last_used}, keeps its
     * status, and its owners' history says what happened as an identify or logout would: a new
     * owner's {@code registered} (or {@code moved_in}, with {@code moved_out} for the owner it left),
     * or {@code logged_out} for an owner an anonymous import replaces.
     *
     * @param dryRun decide, but write nothing
     */
    public ImportOutcome importDevice(ImportCommand command, boolean dryRun, Instant now) {
        return retry.run(attempt -> {
            Optional<Device> current = store.findDevice(command.device().address(), now);
            if (current.isPresent() && !current.get().lastUsed().isBefore(command.lastUsed())) {
                return ImportOutcome.SKIPPED;
            }
            RegistryChange.Builder change = RegistryChange.withVersion(attempt.versionAfter(now, versionOf(current)));
            Instant at = change.at();
            Device registered = registration(current, command.device(), change);
            Device imported = settled(current, registered.toBuilder()
                    .personId(command.personId().orElse(null))
                    .lastUsed(command.lastUsed())
                    .createdAt(current.map(Device::createdAt).orElse(command.lastUsed()))
                    .build(), command.device());
            change.replace(current.orElse(null), imported);
            Optional<String> previousOwner = current.flatMap(Device::personId);
            Optional<String> owner = command.personId();
            DeviceAddress device = imported.address();
            if (!previousOwner.equals(owner)) {
                if (previousOwner.isPresent() && owner.isPresent()) {
                    change.event(previousOwner.get(),
                                    new HistoryEvent(at, HistoryEventType.MOVED_OUT, device, owner.get(), null))
                            .event(owner.get(),
                                    new HistoryEvent(at, HistoryEventType.MOVED_IN, device, previousOwner.get(), null));
                } else if (owner.isPresent()) {
                    change.event(owner.get(), HistoryEvent.of(at, HistoryEventType.REGISTERED, device));
                } else {
                    change.event(previousOwner.get(), HistoryEvent.of(at, HistoryEventType.LOGGED_OUT, device));
                }
            }
            RegistryChange decided = change.build();
            if (!dryRun) {
                store.apply(decided);
            }
            return current.isPresent() ? ImportOutcome.UPDATED : ImportOutcome.CREATED;
        });
    }

    /**
     * The device as the app reports it now: the stored device (or a new, unused one) with the
     * reported fields, {@code last_used} when the change takes effect and the change's version as
     * its registration version. The owner is kept.
     */
    private static Device registration(Optional<Device> current, DeviceFields fields, RegistryChange.Builder change) {
        Platform platform = fields.platformIfGiven()
                .or(() -> current.map(Device::platform))
                .orElseThrow(() -> RegistryException.missingField("platform"));
        Provider provider = fields.impliedProvider()
                .or(() -> current.map(Device::provider))
                .orElseThrow();
        if (!platform.supports(provider)) {
            throw new RegistryException(ErrorCode.INVALID_PLATFORM,
                    "provider " + provider.wire() + " cannot deliver to " + platform.wire() + " devices", "provider");
        }
        Instant at = change.at();
        Device.Builder device = current.map(Device::toBuilder).orElseGet(() -> Device.builder()
                .appId(fields.appId())
                .token(fields.token())
                .createdAt(at)
                .status(DeviceStatus.UNUSED)
                .pushEnabled(true)
                .attributes(Map.of()));
        if (fields.pushEnabled() != null) {
            device.pushEnabled(fields.pushEnabled());
        }
        if (fields.attributes() != null) {
            device.attributes(fields.attributes());
        }
        fields.apnsEnvironmentIfGiven().ifPresent(device::apnsEnvironment);
        return device.platform(platform)
                .provider(provider)
                .lastUsed(at)
                .registrationVersion(change.version())
                .build();
    }

    /**
     * The device as a change leaves it: with another owner than before (or none), it starts without
     * the Live Activity tokens the previous owner's app registered (an activity never gets the next
     * owner's pushes), and a device no longer on iOS without any; then the start tokens the app
     * reports now apply.
     *
     * @throws RegistryException {@code invalid_platform} for start tokens on a device not on iOS
     */
    private static Device settled(Optional<Device> current, Device changed, DeviceFields fields) {
        if (changed.platform() != Platform.IOS) {
            if (!fields.liveActivityStartTokens().isEmpty()) {
                throw new RegistryException(ErrorCode.INVALID_PLATFORM,
                        "live_activity_start_tokens are for ios devices", "live_activity_start_tokens");
            }
            return changed.toBuilder().liveActivities(LiveActivities.NONE).build();
        }
        LiveActivities kept = current.filter(before -> before.personId().equals(changed.personId()))
                .map(Device::liveActivities).orElse(LiveActivities.NONE);
        return changed.toBuilder().liveActivities(kept.withStartTokens(fields.liveActivityStartTokens())).build();
    }

    /** The registration version of a device read, or 0 when there was none. */
    private static long versionOf(Optional<Device> device) {
        return device.map(Device::registrationVersion).orElse(0L);
    }
}
