package dev.pushregistry.testing;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** ElasticMQ, started once per test JVM on a free loopback port. */
public final class LocalSqs {
    private static LocalSqs instance;

    private final URI endpoint;
    private final SqsClient client;

    private LocalSqs(URI endpoint) {
        this.endpoint = endpoint;
        this.client = newClient();
    }

    public static synchronized LocalSqs server() {
        if (instance == null) {
            SQSRestServer server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1")
                    .withAWSRegion(LocalAws.REGION).withAWSAccountId(LocalAws.ACCOUNT).start();
            int port = server.waitUntilStarted().localAddress().getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndWait));
            instance = new LocalSqs(URI.create("http://127.0.0.1:" + port));
        }
        return instance;
    }

    public URI endpoint() {
        return endpoint;
    }

    public SqsClient client() {
        return client;
    }

    /** A new client that runs the given interceptors on every call. */
    public SqsClient newClient(ExecutionInterceptor... interceptors) {
        return LocalClients.build(SqsClient.builder(), endpoint, interceptors);
    }

    /** A new queue with a unique name (and its URL). */
    public String createQueue(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        return client.createQueue(create -> create.queueName(name)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"))).queueUrl();
    }
}
