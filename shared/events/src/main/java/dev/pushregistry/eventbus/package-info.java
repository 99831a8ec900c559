/**
 * The events adapter: the table's stream as Lambda hands it over ({@code StreamEvents}), its records
 * read as changes by the store's {@code StreamImages}, the events published on Amazon EventBridge
 * ({@code EventBridgePublisher}, each event's JSON by {@code EventJson}), a batch's answer with the
 * record to start again from ({@code StreamBatch}), and {@code EventsWiring}, all of it from a
 * function's settings.
 *
 * <p>Module {@code registry-events}. May import the EventBridge and DynamoDB SDKs, {@code aws},
 * {@code json}, {@code store}, {@code telemetry}, {@code logging} and the core.
 * {@code PackageRulesTest} holds each package to this.
 */
package dev.pushregistry.eventbus;
