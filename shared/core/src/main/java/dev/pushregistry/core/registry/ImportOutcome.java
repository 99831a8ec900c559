package dev.pushregistry.core.registry;

import java.util.Locale;

/** What an import did with one device it could read. */
public enum ImportOutcome {
    /** The token was new (or its device had expired): the device was written. */
    CREATED,
    /** The registry held an older registration of the token: the imported one replaced it. */
    UPDATED,
    /** The registry's registration is as new as the imported one, or newer: nothing was written. */
    SKIPPED;

    /** The word in the import's answer. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
