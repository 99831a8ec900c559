/**
 * What every adapter needs from a function's environment: typed settings ({@code Settings}) that
 * refuse a bad value at start-up naming it, and AWS clients built the way a Lambda function wants
 * them ({@code AwsClients}).
 *
 * <p>Module {@code registry-aws}. May import the AWS SDK's core (no service client) and
 * {@code logging} (a restore starts a new cold start in the logs). {@code ArchitectureTest} holds
 * each package to this.
 */
package dev.pushregistry.aws;
