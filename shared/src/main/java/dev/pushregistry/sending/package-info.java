/**
 * Sending: send requests and messages, who gets a push ({@code DeliveryPlanner}), dispatch,
 * what a push-service answer does ({@code VerdictRules}) and the sender that orchestrates it.
 *
 * <p>May import the core, {@code store}'s ports, {@code queue}'s message dispositions,
 * {@code api}'s message formats (for the follow-up message, to be moved out) and Jackson for
 * payloads. {@code PackageRulesTest} holds each package to this.
 */
package dev.pushregistry.sending;
