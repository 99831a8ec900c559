package dev.pushregistry.core.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.core.error.ErrorCode;
import dev.pushregistry.core.error.RegistryException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A deployment's apps as its settings name them, and how a request names one. */
class AppsTest {
    @Test
    void theDefaultAppComesFirstAndADeploymentThatNamesNoneHasOne() {
        Apps apps = Apps.parse("shop", " courier , shop,kiosk-2 ");
        Apps unnamed = Apps.fromVariables(name -> null);

        assertEquals(List.of("shop", "courier", "kiosk-2"), List.copyOf(apps.ids()));
        assertEquals("shop", apps.defaultAppId());
        assertTrue(apps.several());
        assertEquals(List.of(Apps.FALLBACK_DEFAULT_APP_ID), List.copyOf(unnamed.ids()));
        assertFalse(unnamed.several());
    }

    @Test
    void aMalformedAppIdStopsTheDeploymentAtStartNamingIt() {
        for (String wrong : new String[] {"Shop", "-shop", "shop_2", "a".repeat(41), "shop/apns"}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Apps.parse("main", wrong));
            assertTrue(refused.getMessage().contains(wrong), refused.getMessage());
        }
    }

    @Test
    void aRequestNamesAnAppOfTheDeploymentOrNoneWhenThereIsOnlyOne() {
        Apps one = Apps.of("shop");
        Apps two = Apps.of("shop", "courier");

        assertEquals("shop", one.resolve(null, "app_id"));
        assertEquals("courier", two.resolve("courier", "app_id"));
        RegistryException unnamed = assertThrows(RegistryException.class, () -> two.resolve(null, "app_id"));
        assertEquals(ErrorCode.MISSING_FIELD, unnamed.code());
        assertEquals("app_id", unnamed.field());
        RegistryException unknown = assertThrows(RegistryException.class, () -> one.resolve("courier", "app_id"));
        assertEquals(ErrorCode.INVALID_APP, unknown.code());
        assertEquals(ErrorCode.INVALID_APP, assertThrows(RegistryException.class, () -> two.require("kiosk", "apps")).code());
    }
}
