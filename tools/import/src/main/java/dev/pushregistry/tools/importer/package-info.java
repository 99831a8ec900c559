/**
 * The import command: reads an export row by row ({@code Rows}), turns each row into the devices
 * of {@code POST /v1/devices/import} ({@code Mapping}: the registry's own format, SNS, Braze,
 * Customer.io), sends them in batches with bounded concurrency and retries ({@code Importer}),
 * keeps a checkpoint to resume from ({@code Checkpoint}), shows progress ({@code Progress}) and
 * writes the rows the registry refused ({@code RefusedReport}).
 */
package dev.pushregistry.tools.importer;
