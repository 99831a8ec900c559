/**
 * {@code tools/smoke/smoke}: checks a deployed stack end to end over its HTTP API.
 */
package dev.pushregistry.tools.smoke;
