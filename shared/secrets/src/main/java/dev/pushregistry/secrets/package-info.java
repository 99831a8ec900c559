/**
 * Secrets read at start-up: from Secrets Manager when deployed, from a variable or a file locally.
 *
 * <p>Module {@code registry-secrets}. May import {@code aws} and the SDK's signer, HTTP and retry
 * modules (not the Secrets Manager module: see {@link dev.pushregistry.secrets.SecretsManagerReader}).
 * {@code ArchitectureTest} holds each package to this.
 */
package dev.pushregistry.secrets;
