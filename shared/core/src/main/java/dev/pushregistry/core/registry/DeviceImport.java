package dev.pushregistry.core.registry;

import dev.pushregistry.core.concurrency.BoundedParallel;
import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Brings many devices in at once: each through {@link DeviceRegistry#importDevice} (the same
 * conditional writes and history as every other write), several at a time, with one result per
 * device in the order given. A device that cannot be imported is refused with its error code and
 * the others go on; trouble that is nobody's fault (the table throttling) fails the whole call, which
 * the caller repeats: devices imported the first time are then skipped.
 */
public final class DeviceImport {
    /** The most devices one call imports. */
    public static final int MAX_DEVICES = 500;
    /** How far ahead of the clock a {@code last_used} may be (another system's clock). */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final DeviceRegistry registry;
    private final Duration deviceLifetime;
    private final BoundedParallel workers;

    /**
     * @param deviceLifetime how long after its last use a device expires: an older device is refused
     * @param concurrency how many devices are imported at once
     */
    public DeviceImport(DeviceRegistry registry, Duration deviceLifetime, int concurrency) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.deviceLifetime = Objects.requireNonNull(deviceLifetime, "deviceLifetime");
        this.workers = new BoundedParallel(concurrency, "device-import");
    }

    /** One device of a call: read, or refused as it was read. */
    public sealed interface Entry {
        /** A device that could be read. */
        record Readable(ImportCommand command) implements Entry {
        }

        /** A device that could not be read, and why. */
        record Unreadable(RegistryException refusal) implements Entry {
        }
    }

    /**
     * What became of one device.
     *
     * @param outcome what was done, unless it was refused
     * @param refusal why it was refused
     */
    public record Result(Optional<ImportOutcome> outcome, Optional<RegistryException> refusal) {
        static Result of(ImportOutcome outcome) {
            return new Result(Optional.of(outcome), Optional.empty());
        }

        static Result refused(RegistryException refusal) {
            return new Result(Optional.empty(), Optional.of(refusal));
        }
    }

    /**
     * Imports the devices; with {@code dryRun}, says what an import would do and writes nothing.
     *
     * @throws RegistryException {@code payload_too_large} for more than {@link #MAX_DEVICES}
     * @throws dev.pushregistry.core.error.TransientFailure when the table could not take a device
     */
    public List<Result> run(List<Entry> entries, boolean dryRun, Instant now) {
        if (entries.size() > MAX_DEVICES) {
            throw new RegistryException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "an import takes at most " + MAX_DEVICES + " devices", "devices");
        }
        List<Integer> positions = new ArrayList<>();
        for (int index = 0; index < entries.size(); index++) {
            positions.add(index);
        }
        Map<Integer, Result> results = workers.apply(positions, index -> importOne(entries.get(index), dryRun, now));
        return positions.stream().map(results::get).toList();
    }

    private Result importOne(Entry entry, boolean dryRun, Instant now) {
        if (entry instanceof Entry.Unreadable unreadable) {
            return Result.refused(unreadable.refusal());
        }
        ImportCommand command = ((Entry.Readable) entry).command();
        if (command.lastUsed().isAfter(now.plus(CLOCK_SKEW))) {
            return Result.refused(RegistryException.invalidJson("last_used", "last_used must not be in the future"));
        }
        if (!command.lastUsed().plus(deviceLifetime).isAfter(now)) {
            return Result.refused(new RegistryException(ErrorCode.STALE_DEVICE,
                    "last_used is older than the device lifetime (" + deviceLifetime.toDays() + " days)", "last_used"));
        }
        try {
            return Result.of(registry.importDevice(command, dryRun, now));
        } catch (RegistryException refused) {
            return Result.refused(refused);
        }
    }
}
