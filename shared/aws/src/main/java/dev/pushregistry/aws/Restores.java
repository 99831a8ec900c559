package dev.pushregistry.aws;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a function renews when Lambda restores it from a SnapStart snapshot: the same snapshot
 * starts many containers, so whatever one container must not share with the others (AWS
 * credentials, keys read at start-up) registers itself here when it is built, and the function's
 * restore hook renews it all. Held weakly: what nothing else holds any more is forgotten.
 */
public final class Restores {
    private static final Logger LOG = LoggerFactory.getLogger(Restores.class);
    private static final List<WeakReference<Renewable>> RENEWABLES = new ArrayList<>();

    private Restores() {
    }

    /** Something a container must have of its own after a restore. */
    @FunctionalInterface
    public interface Renewable {
        /** Drops what came with the snapshot, so that it is fetched again for this container. */
        void renew();
    }

    /** Renews {@code renewable} after every restore, for as long as something else holds it. */
    public static synchronized void register(Renewable renewable) {
        RENEWABLES.removeIf(reference -> reference.get() == null);
        RENEWABLES.add(new WeakReference<>(renewable));
    }

    /** Renews everything registered; run by a function's restore hook. */
    public static void renewAll() {
        List<Renewable> live = new ArrayList<>();
        synchronized (Restores.class) {
            RENEWABLES.removeIf(reference -> reference.get() == null);
            RENEWABLES.forEach(reference -> live.add(reference.get()));
        }
        live.stream().filter(renewable -> renewable != null).forEach(Renewable::renew);
        LOG.info("restored from a snapshot: renewed {} credential and key holder(s)", live.size());
    }
}
