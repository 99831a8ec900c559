/**
 * The DynamoDB adapter of the registry's ports: the single-table layout ({@code Keys},
 * {@code ItemAttributes}, {@code DeviceItems}, {@code PersonItems}, {@code SendItems}), every request and condition ({@code TableOperations}, by aggregate), the one door to the
 * table that turns SDK exceptions into typed results ({@code TableGateway}), the two stores, what
 * the table's stream records mean for events ({@code StreamImages}), and the table wired from a
 * function's settings ({@code TableWiring}).
 *
 * <p>Module {@code registry-store-dynamodb}. May import the DynamoDB SDK, {@code aws} and the core.
 * {@code ArchitectureTest} holds each package to this.
 */
package dev.pushregistry.store.dynamodb;
