/**
 * What an endpoint knows of authentication: route audiences, the check every request passes first
 * ({@code AccessCheck}), what it grants, and its refusals.
 *
 * <p>Module {@code registry-http}. May import {@code error}. {@code ArchitectureTest} holds each
 * package to this.
 */
package dev.pushregistry.http.auth;
