package dev.pushregistry.local.stack;

import dev.pushregistry.authorizer.AuthorizerWiring;
import dev.pushregistry.core.app.Apps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What {@code ./run-local} prints about the keys and identity tokens its API takes. */
final class AuthorizationDescription {
    private AuthorizationDescription() {
    }

    /** The keys to call the API with; keys the user chose are not printed, only where they came from. */
    static List<String> lines(Map<String, String> authorization, Apps apps) {
        List<String> lines = new ArrayList<>();
        for (String app : apps.ids()) {
            String variable = app.equals(apps.defaultAppId()) ? "APP_KEYS" : AuthorizerWiring.appKeysVariable(app);
            String keys = authorization.get(variable);
            lines.add(String.format("app %-11s %s   (X-Api-Key, for /v1/devices, /v1/identify, /v1/logout%s)", app,
                    keys != null && keys.startsWith(StackSettings.LOCAL_APP_KEY) ? keys : "from " + variable,
                    app.equals(apps.defaultAppId()) ? "; the default app" : ""));
        }
        String serverKeys = authorization.get("SERVER_KEYS");
        String jwks = authorization.get("PUSH_REGISTRY_IDENTITY_JWKS");
        lines.add("server key      "
                + (StackSettings.LOCAL_SERVER_KEY.equals(serverKeys) ? serverKeys : "from SERVER_KEYS")
                + "   (Authorization: Bearer, for every endpoint; app_id in device bodies)");
        lines.add("identity tokens " + (jwks == null ? "not required (set PUSH_REGISTRY_IDENTITY_JWKS to a JWKS file)"
                : "required on identify and logout, checked against " + jwks));
        return lines;
    }
}
