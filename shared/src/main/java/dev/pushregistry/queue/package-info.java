/**
 * SQS: batches of queue messages, partial failures, back-off, dead letters with reasons, and
 * queueing send requests and deliveries.
 *
 * <p>May import the SQS SDK, Lambda's events, {@code api}'s message formats, {@code sending}
 * and the core. {@code PackageRulesTest} holds each package to this.
 */
package dev.pushregistry.queue;
