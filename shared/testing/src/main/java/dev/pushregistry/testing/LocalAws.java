package dev.pushregistry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pushregistry.local.services.cloudformation.CloudFormationYaml;
import dev.pushregistry.local.services.cloudformation.Stack;
import dev.pushregistry.local.services.iam.IamGateway;
import dev.pushregistry.local.services.iam.LocalIam;
import dev.pushregistry.queue.sqs.fixtures.LocalSqs;
import dev.pushregistry.store.dynamodb.fixtures.DynamoDbLocal;
import dev.pushregistry.store.dynamodb.fixtures.RegistryTable;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * AWS as the tests' functions reach it: DynamoDB Local and ElasticMQ behind {@link IamGateway}s
 * that check each call against the calling function's role in {@code template.yaml}, as AWS does.
 * A test deploys the template over its own table and queues ({@link #deploy}) and wires each
 * function from the environment its {@link Deployment} gives; what the test itself does to set up
 * and inspect goes to the stand-ins directly.
 */
public final class LocalAws {
    /** The region every local resource is in. */
    public static final String REGION = LocalSqs.REGION;
    /** The account every local resource is in (ElasticMQ's queue URLs name it). */
    public static final String ACCOUNT = LocalSqs.ACCOUNT;
    private static LocalAws instance;

    private final LocalIam iam = new LocalIam();
    private final JsonNode template = CloudFormationYaml.read(SampleEvents.projectRoot().resolve("template.yaml"));
    private final IamGateway dynamoDb;
    private final IamGateway sqs;
    private final Map<String, DynamoDbClient> registryClients = new java.util.concurrent.ConcurrentHashMap<>();
    private Deployment registryTables;

    private LocalAws() {
        dynamoDb = gatewayTo(DynamoDbLocal.server().endpoint());
        sqs = gatewayTo(LocalSqs.server().endpoint());
    }

    /** The gateways, started on first use. */
    public static synchronized LocalAws get() {
        if (instance == null) {
            instance = new LocalAws();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                instance.dynamoDb.close();
                instance.sqs.close();
            }));
        }
        return instance;
    }

    public LocalIam iam() {
        return iam;
    }

    /** The gateway to DynamoDB Local (and its streams). */
    public IamGateway dynamoDb() {
        return dynamoDb;
    }

    /** The gateway to ElasticMQ. */
    public IamGateway sqs() {
        return sqs;
    }

    /** A new gateway to another stand-in (the local event bus, a local Secrets Manager); the caller closes it. */
    public IamGateway gatewayTo(URI backend) {
        return IamGateway.start("127.0.0.1", 0, backend, iam, ACCOUNT);
    }

    /** The project's {@code template.yaml} (tags kept). */
    public JsonNode template() {
        return template;
    }

    /** A deployment of the project's template, to name its resources and parameters on. */
    public Stack.Builder stack() {
        return stack(template);
    }

    /** A deployment of {@code changedTemplate} (the project's with a statement less, say). */
    public Stack.Builder stack(JsonNode changedTemplate) {
        return Stack.of(changedTemplate).region(REGION).accountId(ACCOUNT);
    }

    /**
     * {@code registry} (same table, same clock) as {@code function} reaches it deployed: every call
     * signed with that function's role in {@code template.yaml}, through the IAM gateway, so a call the
     * role may not make fails as it would on AWS.
     */
    public static TestRegistry asFunction(TestRegistry registry, String function) {
        return registry.through(get().registryClientAs(function));
    }

    /**
     * A client of DynamoDB Local that calls as {@code function}'s role through the IAM gateway, in a
     * deployment whose table is any of the tests' registry tables ({@link RegistryTable}): what a test
     * wires a handler over to hold it to its role. One per function and JVM.
     */
    public DynamoDbClient registryClientAs(String function) {
        return registryClients.computeIfAbsent(function, name -> {
            LocalIam.Credentials credentials = registryTables().credentials().get(name);
            if (credentials == null) {
                throw new IllegalArgumentException("the template deploys no function " + name);
            }
            return DynamoDbClient.builder().endpointOverride(dynamoDb.endpoint()).region(Region.of(REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            credentials.accessKeyId(), credentials.secretAccessKey())))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build();
        });
    }

    private synchronized Deployment registryTables() {
        if (registryTables == null) {
            registryTables = deploy(stack().name("registry-tests")
                    .parameter("AppIds", TestRegistry.OTHER_APP).parameter("DefaultAppId", TestRegistry.APP)
                    .parameter("IdentityVerification", "off")
                    .parameter("ApiKeysSecretArn", "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT
                            + ":secret:push-registry/api-keys-Ab12Cd")
                    .resource("RegistryTable", Map.of("Ref", "registry-tests",
                            "Arn", "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + RegistryTable.NAME_PREFIX + "*"))
                    .build());
        }
        return registryTables;
    }

    /** Deploys {@code stack}: its functions' roles and its queues' policies, in this IAM. */
    public Deployment deploy(Stack stack) {
        return new Deployment(stack, iam.deploy(stack));
    }

    /**
     * A deployed stack's functions.
     *
     * @param credentials each function's, by logical id
     */
    public record Deployment(Stack stack, Map<String, LocalIam.Credentials> credentials) {
        /**
         * What Lambda gives {@code function} to reach AWS: its region, its role's credentials, and here
         * the gateways as the DynamoDB and SQS endpoints.
         */
        public Map<String, String> environment(String function) {
            LocalIam.Credentials own = credentials.get(function);
            if (own == null) {
                throw new IllegalArgumentException("the stack deploys no function " + function);
            }
            Map<String, String> environment = new HashMap<>();
            environment.put("AWS_REGION", stack.region());
            environment.put("AWS_ACCESS_KEY_ID", own.accessKeyId());
            environment.put("AWS_SECRET_ACCESS_KEY", own.secretAccessKey());
            environment.put("AWS_ENDPOINT_URL_DYNAMODB", LocalAws.get().dynamoDb().endpoint().toString());
            environment.put("AWS_ENDPOINT_URL_SQS", LocalAws.get().sqs().endpoint().toString());
            return environment;
        }

        /**
         * The environment variables the template gives {@code function} in this deployment (the
         * Globals' and its own, references resolved): what a test reads to see a setting reach a
         * function as deployed.
         */
        public Map<String, String> variables(String function) {
            if (!stack.deploys(function)) {
                throw new IllegalArgumentException("the stack deploys no function " + function);
            }
            Map<String, String> variables = new HashMap<>();
            for (JsonNode declared : List.of(stack.template().path("Globals").path("Function"),
                    stack.template().path("Resources").path(function).path("Properties"))) {
                stack.resolve(declared.path("Environment").path("Variables")).fields()
                        .forEachRemaining(variable -> variables.put(variable.getKey(), variable.getValue().asText()));
            }
            return variables;
        }
    }
}
