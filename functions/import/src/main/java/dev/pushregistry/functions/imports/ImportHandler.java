package dev.pushregistry.functions.imports;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.aws.Settings;
import dev.pushregistry.aws.SnapStart;
import dev.pushregistry.core.configuration.Variables;
import dev.pushregistry.core.registry.DeviceImport;
import dev.pushregistry.core.registry.DeviceRegistry;
import dev.pushregistry.core.registry.RegistrySettings;
import dev.pushregistry.http.HttpBodies;
import dev.pushregistry.http.HttpFunction;
import dev.pushregistry.http.HttpResponses;
import dev.pushregistry.http.Views;
import dev.pushregistry.http.auth.Grant;
import dev.pushregistry.store.dynamodb.TableWiring;
import dev.pushregistry.telemetry.Metrics;
import java.time.Clock;

/**
 * {@code POST /v1/devices/import}: the customer's backend brings up to 500 devices from another
 * system in one call (server key), each created, updated, skipped as older, or refused with its
 * error code.
 */
public final class ImportHandler extends HttpFunction<DeviceImport> {
    /** How many devices an import call writes at once unless {@code IMPORT_CONCURRENCY} says otherwise. */
    public static final int DEFAULT_IMPORT_CONCURRENCY = 16;

    /**
     * Lambda's entry point: the function wired from its environment, once per container, with its
     * SnapStart hooks (primed with {@code events/devices-import.json}).
     */
    public ImportHandler() {
        this(partsFrom(new Settings(System.getenv()), Clock.systemUTC()));
        useSnapshotHooks(SnapStart.of(settings -> new ImportHandler(partsFrom(settings, Clock.systemUTC())), "devices-import.json"));
    }

    public ImportHandler(Parts<DeviceImport> parts) {
        super(parts);
    }

    /**
     * The function's parts from the given environment variables: the device registry, the device
     * lifetime ({@code STALE_DEVICE_DAYS}) and {@code IMPORT_CONCURRENCY} devices written at once
     * (1 to 64, default {@value #DEFAULT_IMPORT_CONCURRENCY}).
     */
    public static Parts<DeviceImport> partsFrom(Settings settings, Clock clock) {
        TableWiring table = TableWiring.from(settings);
        DeviceRegistry registry = new DeviceRegistry(table.registryStore(),
                RegistrySettings.fromVariables(Variables.of(settings::optional)));
        return new Parts<>(new DeviceImport(registry, table.deviceLifetime(),
                settings.wholeNumber("IMPORT_CONCURRENCY", DEFAULT_IMPORT_CONCURRENCY, 1, 64)),
                AuthorizerWiring.authorizer(settings, clock), clock, Metrics.from(settings));
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request, Grant grant) {
        HttpBodies.DeviceImportRequest devices = HttpBodies.deviceImport(
                HttpBodies.body(request, HttpBodies.MAX_IMPORT_BODY_BYTES), grant);
        return HttpResponses.ok(Views.deviceImport(devices.dryRun(),
                service().run(devices.devices(), devices.dryRun(), clock().instant())));
    }
}
