/**
 * The SQS adapter: the delivery message between dispatch and a sender, batches of queue messages
 * with partial failures, back-off, hand-overs and dead letters with reasons, queueing, and the
 * queue side of a function wired from its settings ({@code QueueWiring}).
 *
 * <p>Module {@code registry-queue-sqs}. May import the SQS SDK, Lambda's events, {@code json},
 * {@code messages}, {@code aws}, {@code telemetry}, {@code logging} and the core.
 * {@code ArchitectureTest} holds each package to this.
 */
package dev.pushregistry.queue.sqs;
