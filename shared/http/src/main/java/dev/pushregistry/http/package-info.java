/**
 * The HTTP adapter: API Gateway events in and out, request parsing, views, error responses and
 * their statuses (the only place an HTTP status is chosen), and how every request is checked before
 * its endpoint sees it ({@code HttpExchange}).
 *
 * <p>Module {@code registry-http}. May import Jackson, Lambda's events, its own {@code auth}, {@code aws}
 * (the snapshot hooks every handler carries), {@code json}, {@code telemetry}, {@code logging} and
 * the core. {@code ArchitectureTest}
 * holds each package to this.
 */
package dev.pushregistry.http;
