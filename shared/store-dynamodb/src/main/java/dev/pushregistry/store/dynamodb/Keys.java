package dev.pushregistry.store.dynamodb;

import dev.pushregistry.core.device.DeviceAddress;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The key of every item in the registry table: one place that knows the layout.
 *
 * <pre>
 * PK                 SK                                   item
 * TOKEN#{token}      TOKEN                                a device of the default app: the truth about its owner
 * TOKEN#{token}      APP#{app}                            a device of another app
 * TOKEN#{token}      DELETED#{app}#{version}              a deletion note: why that registration went (for events)
 * PERSON#{person}    DEVICE#{token}                       copy of a device of the default app the person owns
 * PERSON#{person}    DEVICE#{token}#{app}                 copy of a device of another app
 * PERSON#{person}    PROFILE                              the person's profile
 * PERSON#{person}    TOKEN_HISTORY#{order}#{seq}          one token-history entry
 * SEND#{request}     REQUEST                              a send request: dispatched?, devices skipped
 * SEND#{request}     GROUP#{number}                       a delivery group: its devices, claim and outcomes
 * </pre>
 *
 * <p>A history entry's {@code order} is the registration version of the change that wrote it,
 * zero-padded: versions are times in microseconds that only grow for a token, so a person's history
 * sorts in the order things happened to each token even within one millisecond.
 *
 * <p>{@code DEVICE#} sorts before {@code PROFILE}, which sorts before {@code TOKEN_HISTORY#}, so one
 * Query between the first two returns a person's devices and profile without their history.
 *
 * <p>The default app's devices have the keys every device had before a deployment served several
 * apps, so a table written then is read as it is, with no migration; tokens never contain {@code #}.
 * Another app's items also carry their app in {@code app_id}; an item without it is the default
 * app's. A device's keys are therefore built for one default app ({@link #Keys(String)}), which a
 * deployment never changes.
 */
final class Keys {
    static final String PK = "PK";
    static final String SK = "SK";

    static final String TOKEN_PREFIX = "TOKEN#";
    static final String TOKEN_SORT_KEY = "TOKEN";
    static final String PERSON_PREFIX = "PERSON#";
    static final String DEVICE_PREFIX = "DEVICE#";
    static final String PROFILE_SORT_KEY = "PROFILE";
    static final String HISTORY_PREFIX = "TOKEN_HISTORY#";
    static final String SEND_PREFIX = "SEND#";
    static final String REQUEST_SORT_KEY = "REQUEST";
    static final String GROUP_PREFIX = "GROUP#";
    static final String APP_PREFIX = "APP#";
    static final String DELETION_PREFIX = "DELETED#";

    private final String defaultAppId;

    /** @param defaultAppId the app whose items carry no app in their keys */
    Keys(String defaultAppId) {
        this.defaultAppId = Objects.requireNonNull(defaultAppId, "defaultAppId");
    }

    /** The app of an item that does not name one. */
    String defaultAppId() {
        return defaultAppId;
    }

    /** The item that is the truth about a device. */
    Map<String, AttributeValue> device(DeviceAddress device) {
        return key(TOKEN_PREFIX + device.token(),
                device.appId().equals(defaultAppId) ? TOKEN_SORT_KEY : APP_PREFIX + device.appId());
    }

    /**
     * The note a delete of a device writes with it, keyed by the deleted registration's version: one
     * per registration, which the stream's record of the delete names.
     */
    static Map<String, AttributeValue> deletionNote(DeviceAddress device, long version) {
        return key(TOKEN_PREFIX + device.token(),
                DELETION_PREFIX + device.appId() + "#" + String.format("%020d", version));
    }

    static boolean isDeletionNote(Map<String, AttributeValue> item) {
        return item.get(SK).s().startsWith(DELETION_PREFIX);
    }

    /** A person's copy of a device they own. */
    Map<String, AttributeValue> personDevice(String personId, DeviceAddress device) {
        return key(person(personId), DEVICE_PREFIX + device.token()
                + (device.appId().equals(defaultAppId) ? "" : "#" + device.appId()));
    }

    static Map<String, AttributeValue> profile(String personId) {
        return key(person(personId), PROFILE_SORT_KEY);
    }

    static Map<String, AttributeValue> history(String personId, long order, int sequence) {
        return key(person(personId), HISTORY_PREFIX + String.format("%020d#%02d", order, sequence));
    }

    static Map<String, AttributeValue> sendRequest(String requestId) {
        return key(send(requestId), REQUEST_SORT_KEY);
    }

    /** A delivery group's key; numbers are zero-padded so that a request's groups sort in order. */
    static Map<String, AttributeValue> group(String requestId, int number) {
        return key(send(requestId), GROUP_PREFIX + String.format("%06d", number));
    }

    static String send(String requestId) {
        return SEND_PREFIX + requestId;
    }

    static boolean isGroup(Map<String, AttributeValue> item) {
        return item.get(SK).s().startsWith(GROUP_PREFIX);
    }

    static String person(String personId) {
        return PERSON_PREFIX + personId;
    }

    static boolean isPersonDevice(Map<String, AttributeValue> item) {
        return item.get(SK).s().startsWith(DEVICE_PREFIX);
    }

    static boolean isProfile(Map<String, AttributeValue> item) {
        return item.get(SK).s().equals(PROFILE_SORT_KEY);
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromS(sk));
    }
}
