/**
 * The registry's ports ({@code RegistryStore}, {@code RegistryChange}) and their DynamoDB
 * adapter: the single-table layout ({@code Keys}, {@code ItemMapper}), every request
 * ({@code TableRequests}) and the one door to the table ({@code TableGateway}).
 *
 * <p>May import the DynamoDB SDK, {@code device}, {@code error}, {@code person}, {@code time}
 * and, for the send store, {@code sending}. {@code PackageRulesTest} holds each package to
 * this.
 */
package dev.pushregistry.store;
