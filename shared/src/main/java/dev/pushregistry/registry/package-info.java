/**
 * The device lifecycle (register, identify, logout), the people directory (devices, history,
 * subscription, forget) and the optimistic retry they share, over the ports in {@code store}.
 *
 * <p>Part of the core: no AWS, Lambda or Jackson types. May import {@code device},
 * {@code error}, {@code person}, {@code time} and {@code store}'s ports.
 * {@code PackageRulesTest} holds each package to this.
 */
package dev.pushregistry.registry;
