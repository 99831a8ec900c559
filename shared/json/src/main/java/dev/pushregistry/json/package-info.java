/**
 * JSON with Jackson: reading and writing ({@code Json}), typed field access that refuses a bad
 * field with the API's error ({@code JsonFields}), and how a push message looks on each push
 * service's wire, with the size check that goes with it ({@code PushPayloads}).
 *
 * <p>Module {@code registry-json}. May import Jackson, {@code error} and {@code sending}'s message.
 * {@code PackageRulesTest} holds each package to this.
 */
package dev.pushregistry.json;
