/**
 * {@code tools/keys/keys}: creates app and server keys and keeps their digests in the keys secret.
 */
package dev.pushregistry.tools.keys;
