package dev.pushregistry.system;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.core.registry.DeviceImport;
import dev.pushregistry.core.registry.LogoutPolicy;
import dev.pushregistry.core.sending.SendService;
import dev.pushregistry.functions.identify.IdentifyHandler;
import dev.pushregistry.functions.imports.ImportHandler;
import dev.pushregistry.functions.logout.LogoutHandler;
import dev.pushregistry.functions.people.PeopleHandler;
import dev.pushregistry.functions.register.RegisterHandler;
import dev.pushregistry.functions.sends.SendsHandler;
import dev.pushregistry.http.auth.AccessCheck;
import dev.pushregistry.queue.sqs.SqsSendRequestQueue;
import dev.pushregistry.queue.sqs.fixtures.LocalSqs;
import dev.pushregistry.store.dynamodb.DynamoDbSendStore;
import dev.pushregistry.store.dynamodb.fixtures.TestRegistry;
import dev.pushregistry.telemetry.Metrics;
import dev.pushregistry.testing.LambdaInvocations;
import dev.pushregistry.testing.LocalAws;
import dev.pushregistry.testing.SampleKeys;
import java.time.Duration;

/**
 * Every function's handler over one test registry, routed by the event's route key as API Gateway
 * does, and invoked through {@code handleRequest}; each checks the request's key (and identity token)
 * itself, as deployed, and reaches the table as its role in {@code template.yaml} allows
 * ({@link TestRegistry#asFunction}). (The send endpoint's queue is the test's own, reached as the test.)
 */
public final class Endpoints {
    private final RegisterHandler register;
    private final ImportHandler imports;
    private final IdentifyHandler identify;
    private final LogoutHandler logout;
    private final PeopleHandler people;
    private final SendsHandler sends;
    private final String sendRequestQueue = LocalSqs.server().createQueue("endpoints-send-requests");

    /** Endpoints that accept the sample events' keys. */
    public Endpoints(TestRegistry registry, LogoutPolicy policy) {
        this(registry, policy, SampleKeys.authorizer());
    }

    /** Endpoints whose functions check every request with {@code access}, as each function does deployed. */
    public Endpoints(TestRegistry registry, LogoutPolicy policy, AccessCheck access) {
        this(registry, policy, access, Metrics.discarding());
    }

    /** Endpoints that also count their requests in {@code metrics}. */
    public Endpoints(TestRegistry registry, LogoutPolicy policy, AccessCheck access, Metrics metrics) {
        this.register = new RegisterHandler(new RegisterHandler.Parts<>(LocalAws.asFunction(registry, "RegisterFunction").devices(policy), access,
                registry.clock(), metrics));
        this.imports = new ImportHandler(new ImportHandler.Parts<>(new DeviceImport(LocalAws.asFunction(registry, "ImportFunction").devices(policy),
                TestRegistry.DEVICE_LIFETIME, 4), access, registry.clock(), metrics));
        this.identify = new IdentifyHandler(new IdentifyHandler.Parts<>(LocalAws.asFunction(registry, "IdentifyFunction").devices(policy), access,
                registry.clock(), metrics));
        this.logout = new LogoutHandler(new LogoutHandler.Parts<>(LocalAws.asFunction(registry, "LogoutFunction").devices(policy), access, registry.clock(),
                metrics));
        this.people = new PeopleHandler(new PeopleHandler.Parts<>(LocalAws.asFunction(registry, "PeopleFunction").people(), access, registry.clock(), metrics));
        TestRegistry asSends = LocalAws.asFunction(registry, "SendsFunction");
        this.sends = new SendsHandler(new SendsHandler.Parts<>(new SendService(
                new DynamoDbSendStore(asSends.client(), asSends.table(), asSends.store(), Duration.ofDays(14)),
                new SqsSendRequestQueue(LocalSqs.server().client(), sendRequestQueue)), access, registry.clock(), metrics));
    }

    /** The queue {@code POST /v1/sends} puts requests on. */
    public String sendRequestQueue() {
        return sendRequestQueue;
    }

    public APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        switch (event.getRouteKey()) {
            case "POST /v1/devices":
            case "POST /v1/live-activities":
            case "POST /v1/live-activities/end":
                return LambdaInvocations.http(register, "RegisterFunction", event);
            case "POST /v1/devices/import":
                return LambdaInvocations.http(imports, "ImportFunction", event);
            case "POST /v1/identify":
                return LambdaInvocations.http(identify, "IdentifyFunction", event);
            case "POST /v1/logout":
                return LambdaInvocations.http(logout, "LogoutFunction", event);
            case "POST /v1/sends":
            case "GET /v1/sends/{request_id}":
                return LambdaInvocations.http(sends, "SendsFunction", event);
            default:
                return LambdaInvocations.http(people, "PeopleFunction", event);
        }
    }
}
