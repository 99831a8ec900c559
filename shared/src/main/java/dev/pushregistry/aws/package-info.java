/**
 * Wiring: AWS clients and each function's collaborators from its environment variables, with
 * typed settings ({@code Settings}) that refuse a bad value at start-up.
 *
 * <p>The outermost layer: may import every other package. {@code PackageRulesTest} holds each
 * package to this.
 */
package dev.pushregistry.aws;
