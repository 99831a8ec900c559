/**
 * How the registry keeps times: millisecond ISO-8601 text, microsecond versions, and
 * the time an invocation has left.
 *
 * <p>Module {@code registry-core}: no AWS, Lambda or Jackson types. Imports nothing of the project.
 * {@code ArchitectureTest} holds each package to this.
 */
package dev.pushregistry.core.time;
