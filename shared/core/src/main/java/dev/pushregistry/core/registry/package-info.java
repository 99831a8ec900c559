/**
 * The device lifecycle (register, identify, logout), the people directory (devices, history,
 * subscription, forget), the optimistic retry they share, and the port they need
 * ({@code RegistryStore}, the {@code RegistryChange} it applies, and the
 * {@code ConcurrentChangeException} that refuses a stale one).
 *
 * <p>Module {@code registry-core}: no AWS, Lambda or Jackson types. May import {@code device},
 * {@code error}, {@code person} and {@code time}. {@code ArchitectureTest} holds each package to
 * this.
 */
package dev.pushregistry.core.registry;
