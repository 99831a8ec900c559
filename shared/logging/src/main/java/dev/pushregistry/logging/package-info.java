/**
 * The functions' logs: an SLF4J provider that writes each line as one JSON object on standard
 * output, with the current invocation's request ids and business keys.
 *
 * <p>Module {@code registry-logging}. Imports none of the project's packages.
 * {@code ArchitectureTest} holds each package to this.
 */
package dev.pushregistry.logging;
