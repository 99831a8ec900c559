/**
 * A deployment's variables as the core reads them ({@code Variables}): the settings of the core's
 * services come from a function's environment through a plain name-to-value lookup, so the core
 * knows no AWS type.
 *
 * <p>Module {@code registry-core}. Imports nothing of the project.
 */
package dev.pushregistry.core.configuration;
