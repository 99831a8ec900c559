/**
 * Metrics in CloudWatch Embedded Metric Format: what the functions count and time, per invocation.
 *
 * <p>Module {@code registry-telemetry}. May import {@code json} and {@code aws}.
 * {@code ArchitectureTest} holds each package to this.
 */
package dev.pushregistry.telemetry;
