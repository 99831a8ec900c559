package dev.pushregistry.core.registry;

/**
 * Whether a request may change what a person's device holds on their behalf: hand the device of a
 * replaced token over to a new one ({@code previous_token}), or set its Live Activity tokens. Asked
 * with the owner as the registry read it, inside the same attempt that writes, so the owner it
 * allows is the owner whose device changes.
 */
@FunctionalInterface
public interface OwnerCheck {
    /** Every change allowed (identity verification off, or a caller that may act for anyone). */
    OwnerCheck ANYONE = owner -> { };

    /**
     * @param owner the person who owns the device
     * @throws dev.pushregistry.core.error.RegistryException when the request may not change it for
     *     them (nothing is written)
     */
    void allow(String owner);
}
