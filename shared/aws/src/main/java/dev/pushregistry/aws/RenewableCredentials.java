package dev.pushregistry.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A credentials provider that can be replaced by a fresh one ({@link Restores}): after a SnapStart
 * restore, credentials the snapshot's provider had cached are dropped, and the container fetches
 * its own on its first call.
 */
final class RenewableCredentials implements AwsCredentialsProvider, Restores.Renewable {
    private final Supplier<AwsCredentialsProvider> factory;
    private volatile AwsCredentialsProvider current;

    RenewableCredentials(Supplier<AwsCredentialsProvider> factory) {
        this.factory = factory;
        this.current = factory.get();
        Restores.register(this);
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return current.resolveCredentials();
    }

    @Override
    public void renew() {
        AwsCredentialsProvider previous = current;
        current = factory.get();
        if (previous instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }
}
