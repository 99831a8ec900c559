/**
 * Test support for every module's tests, never deployed: DynamoDB Local and ElasticMQ in the test
 * JVM, a registry over a fresh table with its invariant checker, a sending harness, the sample
 * events of {@code events/}, and a meter of consumed capacity.
 *
 * <p>Module {@code registry-testing}: may import every shared module and the local services'
 * libraries.
 */
package dev.pushregistry.testing;
