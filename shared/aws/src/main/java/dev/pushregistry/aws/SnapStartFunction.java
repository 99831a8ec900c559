package dev.pushregistry.aws;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.pushregistry.logging.Invocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A Lambda handler that carries its function's SnapStart hooks ({@link SnapStart}). The handler
 * itself is what the runtime's {@code org.crac} context runs before the snapshot and after a
 * restore, so that Lambda and whatever else holds the handler (the cold-start benchmark) run the
 * same hooks. After a restore, the container's next invocation is logged as a cold start.
 *
 * <p>It opens and closes every invocation: each line logged while the function handles one carries
 * Lambda's request id and the function's name ({@link Invocation}); a function says only what it
 * does with the event's bytes ({@link #handle}).
 */
public abstract class SnapStartFunction implements RequestStreamHandler, Resource {
    private Resource snapshotHooks;

    /**
     * Registers this function with the runtime's snapshot hooks, to run {@code hooks}: done by the
     * function's Lambda entry point (its no-argument constructor), by nothing else.
     */
    protected final void useSnapshotHooks(Resource hooks) {
        this.snapshotHooks = Objects.requireNonNull(hooks, "hooks");
        Core.getGlobalContext().register(this);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output,
                                    com.amazonaws.services.lambda.runtime.Context context) throws IOException {
        Invocation.begin(context == null ? null : context.getAwsRequestId(),
                context == null ? null : context.getFunctionName());
        try {
            handle(input, output, context);
        } finally {
            Invocation.end();
        }
    }

    /**
     * What the function does with one invocation's event, its answer written to {@code output}.
     *
     * @param context Lambda's, or {@code null} where something other than Lambda invokes the function
     */
    protected abstract void handle(InputStream input, OutputStream output,
                                   com.amazonaws.services.lambda.runtime.Context context) throws IOException;

    @Override
    public final void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
        if (snapshotHooks != null) {
            snapshotHooks.beforeCheckpoint(context);
        }
    }

    @Override
    public final void afterRestore(Context<? extends Resource> context) throws Exception {
        Invocation.restored();
        if (snapshotHooks != null) {
            snapshotHooks.afterRestore(context);
        }
    }
}
