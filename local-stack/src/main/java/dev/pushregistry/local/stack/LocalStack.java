package dev.pushregistry.local.stack;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.AwsClients;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.core.app.Apps;
import dev.pushregistry.functions.dispatch.DispatchHandler;
import dev.pushregistry.functions.identify.IdentifyHandler;
import dev.pushregistry.functions.imports.ImportHandler;
import dev.pushregistry.functions.lifecycle.LifecycleHandler;
import dev.pushregistry.functions.logout.LogoutHandler;
import dev.pushregistry.functions.people.PeopleHandler;
import dev.pushregistry.functions.register.RegisterHandler;
import dev.pushregistry.functions.send.apns.ApnsSendHandler;
import dev.pushregistry.functions.send.fcm.FcmSendHandler;
import dev.pushregistry.functions.sends.SendsHandler;
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
import dev.pushregistry.local.stack.StackTemplate.QueueSpec;
import dev.pushregistry.local.stack.StackTemplate.StreamSource;
import dev.pushregistry.local.stack.StackTemplate.TableSpec;
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
import java.util.function.BiFunction;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

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
    /** The stack the template is deployed as here: the event bus it creates is {@code push-registry-lifecycle-eventbridge}. */
    static final String STACK_NAME = "push-registry";
    /** The name the events function publishes to locally. */
    static final String LOCAL_EVENT_BUS = "push-registry-lifecycle-eventbridge";
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
        createTable(dynamo, template.table());
        template.queues().forEach(queue -> createQueue(sqs, queue));

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

        authorizationDescription = describeAuthorization(settings.authorization(), settings.apps());
        Map<String, String> parameters = template.parameterDefaults();
        parameters.put("AWS::StackName", STACK_NAME);
        List<ApiServer.Route> routes = new ArrayList<>();
        List<QueuePoller> pollers = new ArrayList<>();
        List<StreamPoller> streamPollers = new ArrayList<>();
        for (FunctionSpec function : template.functions()) {
            LocalIam.Credentials role = roles.get(function.logicalId());
            if (role == null) {
                throw new IllegalStateException(function.logicalId() + " is not deployed with the local apps");
            }
            Map<String, String> environment = environmentOf(function, withKeys(base, role), parameters, providers,
                    settings.authorization(), settings.apps());
            Object handler = handler(function, environment, clock);
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

    private void createTable(DynamoDbClient dynamo, TableSpec table) {
        tableName = table.logicalId();
        dynamo.createTable(create -> create
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(table.partitionKey()).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(table.sortKey()).attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(table.partitionKey()).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(table.sortKey()).keyType(KeyType.RANGE).build())
                .streamSpecification(table.streamView() == null ? null : StreamSpecification.builder()
                        .streamEnabled(true).streamViewType(table.streamView()).build()));
        if (table.streamView() != null) {
            streamArn = dynamo.describeTable(describe -> describe.tableName(tableName)).table().latestStreamArn();
        }
        if (table.ttlAttribute() != null) {
            dynamo.updateTimeToLive(update -> update.tableName(tableName).timeToLiveSpecification(ttl -> ttl
                    .attributeName(table.ttlAttribute()).enabled(true)));
        }
    }

    private void createQueue(SqsClient sqs, QueueSpec queue) {
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
        if (queue.deadLetterQueue() != null) {
            ObjectNode redrive = JSON.createObjectNode()
                    .put("deadLetterTargetArn", queueArns.get(queue.deadLetterQueue()))
                    .put("maxReceiveCount", queue.maxReceiveCount());
            attributes.put(QueueAttributeName.REDRIVE_POLICY, redrive.toString());
        }
        String url = sqs.createQueue(create -> create.queueName(queue.logicalId()).attributes(attributes)).queueUrl();
        queueUrls.put(queue.logicalId(), url);
        queueArns.put(queue.logicalId(), sqs.getQueueAttributes(get -> get.queueUrl(url)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN));
    }

    /**
     * A function's environment: the template's variables with references resolved (parameters to
     * their defaults, queues to their URLs; the table's name is its logical id), the base, the local
     * apps, for the senders the push-service settings of every app in place of the secrets, and for
     * the endpoints the local keys in place of the keys' secret.
     */
    private Map<String, String> environmentOf(FunctionSpec function, Map<String, String> base,
                                              Map<String, String> parameters, Map<String, String> providers,
                                              Map<String, String> authorization, Apps apps) {
        Map<String, String> environment = new LinkedHashMap<>(base);
        function.environment().forEach((name, value) -> environment.put(name, resolve(value, parameters)));
        environment.put("DEFAULT_APP_ID", apps.defaultAppId());
        environment.put("APP_IDS", String.join(",", apps.ids()));
        if (environment.remove("API_KEYS_SECRET_ARN") != null) {
            environment.putAll(authorization);
        }
        environment.remove("APP_SECRETS_PREFIX");
        if (environment.containsKey("EVENT_BUS_NAME")) {
            environment.put("EVENT_BUS_NAME", LOCAL_EVENT_BUS);
            environment.put("AWS_ENDPOINT_URL_EVENTBRIDGE", eventsGateway.endpoint().toString());
        }
        for (String service : List.of("APNS", "FCM")) {
            if (environment.remove(service + "_SECRET_ARN") != null) {
                providers.forEach((name, value) -> {
                    if (name.startsWith(service + "_")) {
                        environment.put(name, value);
                    }
                });
            }
        }
        return environment;
    }

    private String resolve(String value, Map<String, String> parameters) {
        if (parameters.containsKey(value)) {
            return parameters.get(value);
        }
        if (queueUrls.containsKey(value)) {
            return queueUrls.get(value);
        }
        if (value.endsWith(".Arn") && queueArns.containsKey(value.substring(0, value.length() - 4))) {
            return queueArns.get(value.substring(0, value.length() - 4));
        }
        return value;
    }

    /**
     * Every function's handler, by the handler class the template names, built by the constructor
     * that its Lambda entry point wires through too: from an environment and a clock.
     */
    private static final Map<String, BiFunction<Settings, Clock, Object>> HANDLERS = Map.of(
            RegisterHandler.class.getName(), (settings, clock) -> new RegisterHandler(RegisterHandler.partsFrom(settings, clock)),
            ImportHandler.class.getName(), (settings, clock) -> new ImportHandler(ImportHandler.partsFrom(settings, clock)),
            IdentifyHandler.class.getName(), (settings, clock) -> new IdentifyHandler(IdentifyHandler.partsFrom(settings, clock)),
            LogoutHandler.class.getName(), (settings, clock) -> new LogoutHandler(LogoutHandler.partsFrom(settings, clock)),
            PeopleHandler.class.getName(), (settings, clock) -> new PeopleHandler(PeopleHandler.partsFrom(settings, clock)),
            SendsHandler.class.getName(), (settings, clock) -> new SendsHandler(SendsHandler.partsFrom(settings, clock)),
            DispatchHandler.class.getName(), (settings, clock) -> new DispatchHandler(DispatchHandler.partsFrom(settings, clock)),
            ApnsSendHandler.class.getName(), (settings, clock) -> new ApnsSendHandler(ApnsSendHandler.partsFrom(settings, clock)),
            FcmSendHandler.class.getName(), (settings, clock) -> new FcmSendHandler(FcmSendHandler.partsFrom(settings, clock)),
            LifecycleHandler.class.getName(), (settings, clock) -> new LifecycleHandler(LifecycleHandler.partsFrom(settings)));

    /** The function's real handler, wired from its environment. */
    private static Object handler(FunctionSpec function, Map<String, String> environment, Clock clock) {
        BiFunction<Settings, Clock, Object> factory = HANDLERS.get(function.handlerClass());
        if (factory == null) {
            throw new IllegalStateException(function.logicalId() + ": the local stack does not know the handler "
                    + function.handlerClass());
        }
        try {
            return factory.apply(new Settings(environment), clock);
        } catch (RuntimeException failure) {
            throw new IllegalStateException(function.logicalId() + " did not start: " + failure.getMessage(), failure);
        }
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

    /** The keys to call the API with; keys the user chose are not printed, only where they came from. */
    private static List<String> describeAuthorization(Map<String, String> authorization, Apps apps) {
        List<String> lines = new ArrayList<>();
        for (String app : apps.ids()) {
            String variable = app.equals(apps.defaultAppId()) ? "APP_KEYS" : AuthorizerWiring.appKeysVariable(app);
            String keys = authorization.get(variable);
            lines.add(String.format("app %-11s %s   (X-Api-Key, for /v1/devices, /v1/identify, /v1/logout%s)", app,
                    keys != null && keys.startsWith(StackSettings.LOCAL_APP_KEY) ? keys : "from " + variable,
                    app.equals(apps.defaultAppId()) ? "; the default app" : ""));
        }
        String serverKeys = authorization.get("SERVER_KEYS");
        String jwks = authorization.get("PUSH_REGISTRY_IDENTITY_JWKS");
        lines.add("server key      "
                + (StackSettings.LOCAL_SERVER_KEY.equals(serverKeys) ? serverKeys : "from SERVER_KEYS")
                + "   (Authorization: Bearer, for every endpoint; app_id in device bodies)");
        lines.add("identity tokens " + (jwks == null ? "not required (set PUSH_REGISTRY_IDENTITY_JWKS to a JWKS file)"
                : "required on identify and logout, checked against " + jwks));
        return lines;
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
