package dev.pushregistry.core.registry;

/**
 * Whether a register may hand the device of the token it replaces ({@code previous_token}) over,
 * with its owner, to the new token: asked with the owner as the registry read it, inside the same
 * attempt that writes, so the owner it allows is the owner it replaces.
 */
@FunctionalInterface
public interface TakeOverCheck {
    /** Every take-over allowed (identity verification off, or a caller that may act for anyone). */
    TakeOverCheck ANYONE = owner -> { };

    /**
     * @param owner the person who owns the replaced token
     * @throws dev.pushregistry.core.error.RegistryException when the request may not take it from them
     *     (nothing is written)
     */
    void allow(String owner);
}
