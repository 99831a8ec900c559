/**
 * Authentication: app and server keys, route audiences, identity tokens, and the verdict's trip
 * from the authorizer to the endpoints.
 *
 * <p>May import nimbus-jose-jwt, Jackson, {@code api}'s JSON helpers and {@code error}.
 * {@code PackageRulesTest} holds each package to this.
 */
package dev.pushregistry.auth;
