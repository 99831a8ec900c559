package dev.pushregistry.local.stack;

import dev.pushregistry.aws.Settings;
import dev.pushregistry.functions.dispatch.DispatchHandler;
import dev.pushregistry.functions.identify.IdentifyHandler;
import dev.pushregistry.functions.imports.ImportHandler;
import dev.pushregistry.functions.lifecycle.LifecycleHandler;
import dev.pushregistry.functions.logout.LogoutHandler;
import dev.pushregistry.functions.people.PeopleHandler;
import dev.pushregistry.functions.register.RegisterHandler;
import dev.pushregistry.functions.send.apns.ApnsSendHandler;
import dev.pushregistry.functions.send.fcm.FcmSendHandler;
import dev.pushregistry.functions.sends.SendsHandler;
import dev.pushregistry.local.stack.StackTemplate.FunctionSpec;
import java.time.Clock;
import java.util.Map;
import java.util.function.BiFunction;

/** The functions' real handlers, as the template names them, wired the way their Lambda entry points wire them. */
final class FunctionHandlers {
    private FunctionHandlers() {
    }

    /**
     * Every function's handler, by the handler class the template names, built by the constructor
     * that its Lambda entry point wires through too: from an environment and a clock.
     */
    private static final Map<String, BiFunction<Settings, Clock, Object>> HANDLERS = Map.of(
            RegisterHandler.class.getName(), (settings, clock) -> new RegisterHandler(RegisterHandler.partsFrom(settings, clock)),
            ImportHandler.class.getName(), (settings, clock) -> new ImportHandler(ImportHandler.partsFrom(settings, clock)),
            IdentifyHandler.class.getName(), (settings, clock) -> new IdentifyHandler(IdentifyHandler.partsFrom(settings, clock)),
            LogoutHandler.class.getName(), (settings, clock) -> new LogoutHandler(LogoutHandler.partsFrom(settings, clock)),
            PeopleHandler.class.getName(), (settings, clock) -> new PeopleHandler(PeopleHandler.partsFrom(settings, clock)),
            SendsHandler.class.getName(), (settings, clock) -> new SendsHandler(SendsHandler.partsFrom(settings, clock)),
            DispatchHandler.class.getName(), (settings, clock) -> new DispatchHandler(DispatchHandler.partsFrom(settings, clock)),
            ApnsSendHandler.class.getName(), (settings, clock) -> new ApnsSendHandler(ApnsSendHandler.partsFrom(settings, clock)),
            FcmSendHandler.class.getName(), (settings, clock) -> new FcmSendHandler(FcmSendHandler.partsFrom(settings, clock)),
            LifecycleHandler.class.getName(), (settings, clock) -> new LifecycleHandler(LifecycleHandler.partsFrom(settings)));

    /** The function's real handler, wired from its environment. */
    static Object start(FunctionSpec function, Map<String, String> environment, Clock clock) {
        BiFunction<Settings, Clock, Object> factory = HANDLERS.get(function.handlerClass());
        if (factory == null) {
            throw new IllegalStateException(function.logicalId() + ": the local stack does not know the handler "
                    + function.handlerClass());
        }
        try {
            return factory.apply(new Settings(environment), clock);
        } catch (RuntimeException failure) {
            throw new IllegalStateException(function.logicalId() + " did not start: " + failure.getMessage(), failure);
        }
    }
}
