/**
 * JSON with Jackson: reading and writing ({@code Json}) and typed field access that refuses a bad
 * field with the API's error ({@code JsonFields}).
 *
 * <p>Module {@code registry-json}. May import Jackson and the core's errors.
 * {@code ArchitectureTest} holds each package to this.
 */
package dev.pushregistry.json;
