/**
 * Secrets read at start-up: from Secrets Manager when deployed, from a variable or a file locally.
 *
 * <p>Module {@code registry-secrets}. May import the Secrets Manager SDK and {@code aws}.
 * {@code PackageRulesTest} holds each package to this.
 */
package dev.pushregistry.secrets;
