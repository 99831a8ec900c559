/**
 * The endpoints' access check: app and server keys (plain or digests from Secrets Manager,
 * refreshed) and identity tokens checked against a JWKS; wired from the function's settings by
 * {@code AuthorizerWiring}.
 *
 * <p>Module {@code registry-authorizer}. May import nimbus-jose-jwt, Jackson, the Secrets Manager
 * SDK, {@code http.auth} (the access check it answers), {@code json}, {@code aws}, {@code secrets} and {@code error}.
 * {@code ArchitectureTest} holds each package to this.
 */
package dev.pushregistry.authorizer;
