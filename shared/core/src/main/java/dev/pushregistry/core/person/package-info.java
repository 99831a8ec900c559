/**
 * People: profiles, the devices a person owns, and token-history entries.
 *
 * <p>Module {@code registry-core}: no AWS, Lambda or Jackson types. May import {@code device}.
 * {@code ArchitectureTest} holds each package to this.
 */
package dev.pushregistry.core.person;
