package dev.pushregistry.core.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Person ids are stored exactly as given, and come back as a path segment, or are refused. */
class PersonIdsTest {
    private static void refused(String personId, ErrorCode code) {
        RegistryException refused = assertThrows(RegistryException.class, () -> PersonIds.check(personId, "person_id"),
                personId);
        assertEquals(code, refused.code(), personId);
        assertEquals("person_id", refused.field());
    }

    @Test
    void anIdOfWellFormedUnicodeWithoutControlsSlashesOrOuterSpacesIsKeptAsGiven() {
        for (String id : List.of("cust-42", "a", "p".repeat(256), "Zoë Ⅻ 名前", "emoji-\uD83D\uDE00", "a b", "a.b@c+d")) {
            assertEquals(id, PersonIds.check(id, "person_id"));
        }
    }

    @Test
    void everyOtherIdIsRefused() {
        refused(null, ErrorCode.MISSING_FIELD);
        refused("", ErrorCode.MISSING_FIELD);
        refused("  ", ErrorCode.MISSING_FIELD);
        for (String id : List.of("p".repeat(257), "a\u0000b", "a\nb", "a\u007fb", "cust/42", "/", " cust", "cust ",
                "cust\t", "\u00a0cust", "cust\u2003", "\uD800x", "x\uDC00", "x\uD83D")) {
            refused(id, ErrorCode.INVALID_JSON);
        }
    }
}
