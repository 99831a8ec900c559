/**
 * HTTP and JSON: parsing requests and queue messages, views, error responses and their
 * statuses, and how an endpoint enforces the authorizer's verdict ({@code HttpExchange}).
 *
 * <p>May import Jackson, Lambda's events, {@code auth}, {@code sending}, {@code registry} and
 * the core. {@code PackageRulesTest} holds each package to this.
 */
package dev.pushregistry.api;
