/**
 * The shapes of push tokens, person ids and device attributes.
 *
 * <p>Module {@code registry-core}: no AWS, Lambda or Jackson types. May import {@code device} and
 * {@code error}. {@code ArchitectureTest} holds each package to this.
 */
package dev.pushregistry.core.validation;
