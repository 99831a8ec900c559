package dev.pushregistry.local.stack;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.local.services.LocalApns;
import dev.pushregistry.local.services.LocalEventBus;
import dev.pushregistry.local.services.LocalFcm;
import dev.pushregistry.local.services.PushInbox;
import dev.pushregistry.local.services.cloudformation.CloudFormationYaml;
import dev.pushregistry.local.services.cloudformation.Stack;
import dev.pushregistry.local.services.iam.IamGateway;
import dev.pushregistry.local.services.iam.LocalIam;
import dev.pushregistry.local.stack.StackTemplate.FunctionSpec;
import dev.pushregistry.local.stack.StackTemplate.QueueSource;
import dev.pushregistry.local.stack.StackTemplate.StreamSource;
import dev.pushregistry.secrets.ProviderSecrets;
import dev.pushregistry.store.dynamodb.TableWiring;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole system in one JVM: DynamoDB Local and ElasticMQ with the table and queues that
 * {@code template.yaml} declares, every function's real handler wired from the environment the
 * template gives it, the HTTP API routing the template's routes to them, pollers feeding queue
 * batches to the queue consumers the way Lambda's event source mappings do, and the local (or, with
 * credentials, the real) push services.
 */
public final class LocalStack implements AutoCloseable {
    static final String REGION = "eu-central-1";
    /** The account the local resources are in (ElasticMQ's queue URLs name it). */
    static final String ACCOUNT = "000000000000";
    /** The stack the template is deployed as here: the event bus it creates is {@code push-registry-events}. */
    static final String STACK_NAME = "push-registry";
    /** The name the events function publishes to locally. */
    static final String LOCAL_EVENT_BUS = "push-registry-events";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final Map<String, String> queueArns = new LinkedHashMap<>();
    private final PushInbox inbox = new PushInbox();
    private String dynamoDbEndpoint;
    private String sqsEndpoint;
    private String tableName;
    private String streamArn;
    private LocalEventBus eventBus;
    private IamGateway dynamoDbGateway;
    private IamGateway sqsGateway;
    private IamGateway eventsGateway;
    private String apiUrl;
    private String apnsDescription;
    private String fcmDescription;
    private List<String> authorizationDescription = List.of();
    private Apps apps;

    private LocalStack() {
    }

    /**
     * Starts everything on ports the system chooses, with the local push services and keys: for
     * tests outside this package (the import command's, say).
     */
    public static LocalStack startEphemeral(Path projectRoot) {
        return start(StackSettings.ephemeral(projectRoot));
    }

    /** Starts everything; on failure stops what had started. */
    public static LocalStack start(StackSettings settings) {
        LocalStack stack = new LocalStack();
        try {
            stack.boot(settings);
            return stack;
        } catch (RuntimeException failure) {
            stack.close();
            throw failure;
        }
    }

    private void boot(StackSettings settings) {
        Clock clock = Clock.systemUTC();
        apps = settings.apps();
        StackTemplate template = StackTemplate.read(settings.projectRoot().resolve("template.yaml"));
        LocalMetrics metrics = LocalMetrics.install();
        resources.add(metrics);
        startDynamoDb(settings.dynamoDbPort());
        startSqs(settings.sqsPort(), settings.sqsInterface());
        Map<String, String> base = baseEnvironment();
        AwsClients clients = AwsClients.from(new Settings(withAdministratorKeys(base)));
        DynamoDbClient dynamo = clients.build(DynamoDbClient.builder(), "DYNAMODB");
        SqsClient sqs = clients.build(SqsClient.builder(), "SQS");
        resources.add(dynamo);
        resources.add(sqs);
        LocalResources.Table table = LocalResources.createTable(dynamo, template.table());
        tableName = table.name();
        streamArn = table.streamArn();
        template.queues().forEach(queue -> {
            LocalResources.Queue created = LocalResources.createQueue(sqs, queue, queueArns);
            queueUrls.put(queue.logicalId(), created.url());
            queueArns.put(queue.logicalId(), created.arn());
        });

        Map<String, String> providers = new LinkedHashMap<>(settings.providers());
        if (settings.realApns()) {
            apnsDescription = "configured credentials (real APNs)";
        } else {
            LocalApns apns = LocalApns.start(settings.apnsPort(), settings.apnsDevelopmentPort(), inbox, clock);
            resources.add(apns);
            settings.apps().ids().forEach(app -> providers.put(
                    ProviderSecrets.localVariable("APNS_CREDENTIALS", app, settings.apps().defaultAppId()),
                    apns.credentialsJson(app)));
            apnsDescription = "local (Pushy MockApnsServer over TLS: production on port " + apns.port()
                    + ", development on port " + apns.developmentPort() + ")";
        }
        if (settings.realFcm()) {
            fcmDescription = "configured credentials (real FCM)";
        } else {
            LocalFcm fcm = LocalFcm.start(settings.fcmPort(), inbox, clock);
            resources.add(fcm);
            settings.apps().ids().forEach(app -> providers.put(
                    ProviderSecrets.localVariable("FCM_CREDENTIALS", app, settings.apps().defaultAppId()),
                    fcm.credentialsJson(app)));
            providers.put("FCM_ENDPOINT_URL", fcm.endpointUrl());
            fcmDescription = "local (" + fcm.endpointUrl() + ")";
        }

        eventBus = LocalEventBus.start(settings.eventsPort(), clock, settings.eventsWebhook());
        resources.add(eventBus);
        Map<String, LocalIam.Credentials> roles = enforceIam(settings, template);

        authorizationDescription = AuthorizationDescription.lines(settings.authorization(), settings.apps());
        Map<String, String> parameters = template.parameterDefaults();
        parameters.put("AWS::StackName", STACK_NAME);
        FunctionEnvironments environments = new FunctionEnvironments(queueUrls, queueArns,
                eventsGateway.endpoint().toString());
        List<ApiServer.Route> routes = new ArrayList<>();
        List<QueuePoller> pollers = new ArrayList<>();
        List<StreamPoller> streamPollers = new ArrayList<>();
        for (FunctionSpec function : template.functions()) {
            LocalIam.Credentials role = roles.get(function.logicalId());
            if (role == null) {
                throw new IllegalStateException(function.logicalId() + " is not deployed with the local apps");
            }
            Map<String, String> environment = environments.of(function, withKeys(base, role), parameters, providers,
                    settings.authorization(), settings.apps());
            Object handler = FunctionHandlers.start(function, environment, clock);
            if (handler instanceof AutoCloseable closeable) {
                resources.add(closeable);
            }
            function.routes().forEach(route -> routes.add(new ApiServer.Route(route, function.logicalId(), function.timeout(),
                    (RequestStreamHandler) handler)));
            // Lambda's event source mappings read and delete with the function's role
            AwsClients asFunction = AwsClients.from(new Settings(environment));
            for (StreamSource source : function.streamSources()) {
                DynamoDbStreamsClient functionStreams = asFunction.build(DynamoDbStreamsClient.builder(), "DYNAMODB");
                SqsClient functionQueues = asFunction.build(SqsClient.builder(), "SQS");
                resources.add(functionStreams);
                resources.add(functionQueues);
                streamPollers.add(new StreamPoller(functionStreams, streamArn, source, (RequestStreamHandler) handler,
                        function.logicalId(), function.timeout(), functionQueues, source.onFailureQueue() == null ? null
                                : queueUrls.get(source.onFailureQueue())));
            }
            for (QueueSource source : function.queueSources()) {
                SqsClient functionQueues = asFunction.build(SqsClient.builder(), "SQS");
                resources.add(functionQueues);
                pollers.add(new QueuePoller(functionQueues, queueUrls.get(source.queue()), queueArns.get(source.queue()),
                        source, (RequestStreamHandler) handler, function.logicalId(), function.timeout()));
            }
        }
        TableWiring sandboxTable = TableWiring.from(new Settings(withTable(withAdministratorKeys(base))));
        Sandbox sandbox = new Sandbox(info(), inbox, dynamo, tableName, settings.apps(), sandboxTable.registryStore(),
                sandboxTable.sendStore(), metrics, eventBus, clock);
        ApiServer api = ApiServer.start(settings.apiPort(), routes, sandbox, clock);
        resources.add(api);
        apiUrl = "http://127.0.0.1:" + api.port();
        ((ObjectNode) sandbox.info()).put("api", apiUrl);
        for (QueuePoller poller : pollers) {
            resources.add(poller);
            poller.start();
        }
        for (StreamPoller poller : streamPollers) {
            resources.add(poller);
            poller.start();
        }
    }

    private void startDynamoDb(int port) {
        int chosen = port == 0 ? freePort() : port;
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {
                "-inMemory", "-sharedDb", "-port", Integer.toString(chosen), "-disableTelemetry"});
            server.start();
            resources.add(server::stop);
        } catch (Exception failure) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + chosen, failure);
        }
        dynamoDbEndpoint = "http://127.0.0.1:" + chosen;
    }

    private void startSqs(int port, String networkInterface) {
        SQSRestServer server = (port == 0 ? SQSRestServerBuilder.withDynamicPort() : SQSRestServerBuilder.withPort(port))
                .withInterface(networkInterface).withAWSRegion(REGION).withAWSAccountId(ACCOUNT).start();
        int bound = server.waitUntilStarted().localAddress().getPort();
        resources.add(server::stopAndWait);
        sqsEndpoint = "http://127.0.0.1:" + bound;
    }

    /** What every function gets: the region (its role's credentials and the endpoints come with IAM). */
    private Map<String, String> baseEnvironment() {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("AWS_REGION", REGION);
        return base;
    }

    /**
     * IAM as AWS applies it: the template deployed as a stack over the local table, queues and event
     * bus, a role for each function with what its policies (and SAM) allow, and gateways in front of
     * DynamoDB Local, ElasticMQ and the local event bus that refuse any call of a function that its
     * role does not allow ({@link IamGateway}). The functions and their event source mappings call
     * through the gateways; the sandbox, and whoever uses the printed ports, call the stand-ins directly.
     *
     * @return each function's credentials, by logical id
     */
    private Map<String, LocalIam.Credentials> enforceIam(StackSettings settings, StackTemplate template) {
        Stack.Builder stack = Stack.of(CloudFormationYaml.read(settings.projectRoot().resolve("template.yaml")))
                .name(STACK_NAME).region(REGION).accountId(ACCOUNT)
                .parameter("DefaultAppId", settings.apps().defaultAppId())
                .parameter("AppIds", String.join(",", settings.apps().ids().stream()
                        .filter(app -> !app.equals(settings.apps().defaultAppId())).toList()))
                // run-local gives the functions their keys in the environment; the secret is never read
                .parameter("ApiKeysSecretArn", "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT
                        + ":secret:push-registry/api-keys-local")
                // the roles do not depend on it; locally PUSH_REGISTRY_IDENTITY_JWKS turns verification on
                .parameter("IdentityVerification", "off")
                .resource(template.table().logicalId(), Map.of("Ref", tableName));
        queueUrls.forEach((logicalId, url) -> stack.resource(logicalId, Map.of("QueueName", logicalId, "Ref", url)));
        Stack deployed = stack.build();
        if (!LOCAL_EVENT_BUS.equals(deployed.ref("EventBus"))) {
            throw new IllegalStateException("the template's event bus is not named " + LOCAL_EVENT_BUS + " here");
        }
        LocalIam iam = new LocalIam();
        Map<String, LocalIam.Credentials> roles = iam.deploy(deployed);
        dynamoDbGateway = IamGateway.start("127.0.0.1", 0, URI.create(dynamoDbEndpoint), iam, ACCOUNT);
        resources.add(dynamoDbGateway);
        sqsGateway = IamGateway.start("127.0.0.1", 0, URI.create(sqsEndpoint), iam, ACCOUNT);
        resources.add(sqsGateway);
        eventsGateway = IamGateway.start("127.0.0.1", 0, URI.create(eventBus.endpointUrl()), iam, ACCOUNT);
        resources.add(eventsGateway);
        return roles;
    }

    /** The environment of a function with its role's credentials, calling through the IAM gateways. */
    private Map<String, String> withKeys(Map<String, String> base, LocalIam.Credentials role) {
        Map<String, String> environment = new LinkedHashMap<>(base);
        environment.put("AWS_ACCESS_KEY_ID", role.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", role.secretAccessKey());
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbGateway.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_SQS", sqsGateway.endpoint().toString());
        return environment;
    }

    /** The local stack's own access (creating the table and queues, the sandbox): the stand-ins directly. */
    private Map<String, String> withAdministratorKeys(Map<String, String> base) {
        Map<String, String> environment = new LinkedHashMap<>(base);
        environment.put("AWS_ACCESS_KEY_ID", "local");
        environment.put("AWS_SECRET_ACCESS_KEY", "local");
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint);
        environment.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint);
        return environment;
    }

    /** Every call IAM refused a function so far, at any gateway. */
    public List<IamGateway.Refusal> refusals() {
        List<IamGateway.Refusal> refusals = new ArrayList<>();
        for (IamGateway gateway : List.of(dynamoDbGateway, sqsGateway, eventsGateway)) {
            refusals.addAll(gateway.refusals());
        }
        return refusals;
    }

    /** How many writes each function's role had applied so far, at every gateway ({@link IamGateway#writesApplied}). */
    public Map<String, Long> writesApplied() {
        Map<String, Long> writes = new java.util.TreeMap<>();
        for (IamGateway gateway : List.of(dynamoDbGateway, sqsGateway, eventsGateway)) {
            gateway.writesApplied().forEach((caller, count) -> writes.merge(caller, count, Long::sum));
        }
        return writes;
    }

    private Map<String, String> withTable(Map<String, String> base) {
        Map<String, String> environment = new LinkedHashMap<>(base);
        environment.put("TABLE_NAME", tableName);
        environment.put("DEFAULT_APP_ID", apps.defaultAppId());
        return environment;
    }




    private ObjectNode info() {
        ObjectNode info = JSON.createObjectNode();
        info.put("api", apiUrl);
        info.put("dynamodb", dynamoDbEndpoint);
        info.put("sqs", sqsEndpoint);
        ObjectNode queues = info.putObject("queues");
        queueUrls.forEach((logicalId, url) -> queues.put(snakeCase(logicalId), url));
        info.put("table", tableName);
        ArrayNode appList = info.putArray("apps");
        for (String app : apps.ids()) {
            appList.addObject().put("app_id", app).put("default", app.equals(apps.defaultAppId()));
        }
        info.put("events", eventBus.endpointUrl());
        eventBus.webhook().ifPresent(webhook -> info.put("events_webhook", webhook.toString()));
        info.put("apns", apnsDescription);
        info.put("fcm", fcmDescription);
        return info;
    }


    /** {@code SendRequestsDeadLetterQueue} as {@code send_requests_dead_letter}. */
    static String snakeCase(String logicalId) {
        String name = logicalId.endsWith("Queue") ? logicalId.substring(0, logicalId.length() - "Queue".length()) : logicalId;
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    public String apiUrl() {
        return apiUrl;
    }

    /** Prints where everything is. */
    public void describe(PrintStream out) {
        out.println();
        out.println("Push Registry is running on this machine.");
        out.println("  HTTP API        " + apiUrl + "   (the routes of template.yaml)");
        out.println("  sandbox page    " + apiUrl + "/_local/");
        out.println("  DynamoDB Local  " + dynamoDbEndpoint + "   table " + tableName);
        out.println("  SQS (ElasticMQ) " + sqsEndpoint);
        queueUrls.forEach((logicalId, url) -> out.printf("    %-28s %s%n", snakeCase(logicalId), url));
        out.println("  events          " + apiUrl + "/_local/events   (EventBridge's PutEvents at " + eventBus.endpointUrl()
                + eventBus.webhook().map(webhook -> "; each POSTed to " + webhook).orElse("") + ")");
        out.println("  APNs            " + apnsDescription);
        out.println("  FCM             " + fcmDescription);
        authorizationDescription.forEach(line -> out.println("  " + line));
        out.println("Ctrl-C stops everything.");
    }

    /** Stops everything that started, newest first. */
    @Override
    public void close() {
        for (int index = resources.size() - 1; index >= 0; index--) {
            try {
                resources.get(index).close();
            } catch (Exception failure) {
                System.err.println("while stopping: " + failure);
            }
        }
        resources.clear();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException failure) {
            throw new IllegalStateException("no free port", failure);
        }
    }
}
