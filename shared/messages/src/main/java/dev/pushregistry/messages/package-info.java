/**
 * The message formats the contract fixes, in one place for every adapter that reads or writes
 * them: a send request as the queue and {@code POST /v1/sends} carry it ({@code SendRequestFormat}),
 * and a push message on each push service's wire, with its size check ({@code PushPayloads}).
 *
 * <p>Module {@code registry-messages}. May import Jackson, {@code json} and the core.
 * {@code ArchitectureTest} holds it to this.
 */
package dev.pushregistry.messages;
