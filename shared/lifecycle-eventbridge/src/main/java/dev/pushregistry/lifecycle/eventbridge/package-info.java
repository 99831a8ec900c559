/**
 * The registry's lifecycle events on Amazon EventBridge: {@code EventBridgePublisher} puts them on
 * the bus ({@code PutEvents}), each event's JSON by {@code EventJson}, and
 * {@code EventBridgeWiring} builds the publisher from a function's settings.
 *
 * <p>Module {@code registry-lifecycle-eventbridge}. May import the EventBridge SDK, {@code aws},
 * {@code json}, {@code logging} and the core; no other adapter. {@code ArchitectureTest} holds it to this.
 */
package dev.pushregistry.lifecycle.eventbridge;
