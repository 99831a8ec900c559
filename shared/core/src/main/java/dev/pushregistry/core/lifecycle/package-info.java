/**
 * Events for other systems: what the table's changes mean ({@code StreamChange}, read from the
 * table's stream by the store), the events they give ({@code EventRules}: one per change that took
 * effect, with an id that stays the same when a change is read again), the {@code EventRelay} that
 * publishes them in the stream's order, and its ports {@code EventPublisher} (the bus) and
 * {@code RelayStore} (deletion notes, send summaries, completion claims).
 *
 * <p>Module {@code registry-core}: no AWS, Lambda or Jackson types. May import {@code device},
 * {@code error}, {@code sending} and {@code time}. {@code ArchitectureTest} holds each package to this.
 */
package dev.pushregistry.core.lifecycle;
