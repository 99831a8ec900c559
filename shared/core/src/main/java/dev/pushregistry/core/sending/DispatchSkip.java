package dev.pushregistry.core.sending;

import java.util.Locale;

/** Why a device that matched a send request was not planned a delivery. */
public enum DispatchSkip {
    /** The person unsubscribed and the send is not transactional. */
    UNSUBSCRIBED,
    /** The device is suppressed after two permanent failures in a row. */
    SUPPRESSED,
    /** The user turned notifications off and the push is visible (background pushes still go). */
    PUSH_DISABLED;

    /** The count's name in a send summary, such as {@code skipped_unsubscribed}. */
    public String countName() {
        return "skipped_" + name().toLowerCase(Locale.ROOT);
    }
}
