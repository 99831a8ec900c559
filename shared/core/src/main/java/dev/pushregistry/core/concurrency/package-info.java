/**
 * Work on many items at once, bounded ({@code BoundedParallel}): for the calls a sender or an import
 * makes of the store, which wait on the network.
 *
 * <p>Module {@code registry-core}: no AWS, Lambda or Jackson types. Imports none of the project's
 * packages. {@code ArchitectureTest} holds each package to this.
 */
package dev.pushregistry.core.concurrency;
