/**
 * How failures are told: the API's error words ({@code ErrorCode}), refusals that are the
 * caller's ({@code RegistryException}, and {@code ConflictException} when
 * concurrent changes outlasted the retries) and trouble that passes ({@code TransientFailure}).
 *
 * <p>Module {@code registry-core}: no AWS, Lambda or Jackson types. Imports nothing of the project.
 * {@code ArchitectureTest} holds each package to this.
 */
package dev.pushregistry.core.error;
