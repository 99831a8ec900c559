package dev.pushregistry.functions.imports;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.api.HttpFunction;
import dev.pushregistry.api.HttpResponses;
import dev.pushregistry.api.Requests;
import dev.pushregistry.api.Views;
import dev.pushregistry.auth.AccessCheck;
import dev.pushregistry.auth.Grant;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.registry.DeviceImport;
import dev.pushregistry.store.TableWiring;
import dev.pushregistry.telemetry.Metrics;
import java.time.Clock;

/**
 * {@code POST /v1/devices/import}: the customer's backend brings up to 500 devices from another
 * system in one call (server key), each created, updated, skipped as older, or refused with its
 * error code.
 */
public final class ImportHandler extends HttpFunction {
    private final DeviceImport imports;
    private final Clock clock;

    /**
     * Wires the import and the access check from the function's environment, once per container,
     * with its SnapStart hooks (primed with {@code events/devices-import.json}).
     */
    public ImportHandler() {
        this(new Settings(System.getenv()), Clock.systemUTC());
        useSnapshotHooks(SnapStart.of(settings -> new ImportHandler(settings, Clock.systemUTC()), "devices-import.json"));
    }

    /** Wires the function from the given environment variables (one function of several in a JVM, say). */
    public ImportHandler(Settings settings, Clock clock) {
        this(TableWiring.from(settings).deviceImport(), AuthorizerWiring.authorizer(settings, clock), clock,
                Metrics.from(settings));
    }

    /**
     * @param access who may call the function's route
     * @param metrics where its requests are counted
     */
    public ImportHandler(DeviceImport imports, AccessCheck access, Clock clock, Metrics metrics) {
        super(access, metrics);
        this.imports = imports;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request, Grant grant) {
        Requests.DeviceImportRequest devices = Requests.deviceImport(
                Requests.body(request, Requests.MAX_IMPORT_BODY_BYTES), grant);
        return HttpResponses.ok(Views.deviceImport(devices.dryRun(),
                imports.run(devices.devices(), devices.dryRun(), clock.instant())));
    }
}
