/**
 * The device: the {@code Device} value, platforms, push services, the {@code _last_status}
 * rules and how tokens are masked in logs.
 *
 * <p>Module {@code registry-core}: no AWS, Lambda or Jackson types. May import {@code error}.
 * {@code ArchitectureTest} holds each package to this.
 */
package dev.pushregistry.core.device;
