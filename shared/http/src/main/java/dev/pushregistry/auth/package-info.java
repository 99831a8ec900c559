/**
 * What an endpoint knows of authentication: route audiences, the grant, the refusals, and the
 * format of the verdict's trip from the authorizer to the endpoints ({@code AuthorizationContext}).
 *
 * <p>Module {@code registry-http}. May import {@code error}. {@code PackageRulesTest} holds each
 * package to this.
 */
package dev.pushregistry.auth;
