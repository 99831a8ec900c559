/**
 * Sending: send requests and messages, who gets a push ({@code DeliveryPlanner}), dispatch into
 * delivery groups ({@code DeliveryGroup}, recorded as a {@code GroupRecord}), what a push-service
 * answer does ({@code VerdictRules}), the sender that orchestrates it, what becomes of each queue
 * message ({@code MessageOutcome}, with the {@code PriorWork} a follow-up carries), and the ports
 * sending needs ({@code SendStore}, {@code DeliveryQueue}, {@code SendRequestQueue},
 * {@code PushGateway}).
 *
 * <p>Module {@code registry-core}: no AWS, Lambda or Jackson types. May import {@code registry}
 * and the rest of the core. {@code ArchitectureTest} holds each package to this.
 */
package dev.pushregistry.core.sending;
