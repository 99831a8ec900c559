package dev.pushregistry.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What Lambda's Java runtime does with a function's jar on a cold start, in a JVM of its own: builds
 * the handler with its no-argument constructor, then hands it one event and prints what came back.
 * Run by {@link ColdStartBenchmark} with nothing on the class path but the function's jar, this class
 * and, for a handler that takes event objects, the runtime's event serialization library.
 *
 * <p>Arguments: the handler's class, the event's file, and {@code cold} or {@code primed}. Primed,
 * the handler's snapshot hooks ({@code org.crac.Resource}'s {@code beforeCheckpoint}, then
 * {@code afterRestore}) run between construction and the event, as SnapStart runs them before the
 * snapshot and after a restore. It prints one line:
 * {@code init_ms=… first_event_ms=… classes=… response=…}, times measured in this JVM.
 */
public final class ColdStartRunner {
    private ColdStartRunner() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Class<?> type = Class.forName(args[0]);
        Object handler = type.getConstructor().newInstance();
        if ("primed".equals(args[2])) {
            prime(handler);
        }
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        // loaded here so that a class-loading log shows what the first event loads after it
        FirstEvent.mark();
        long initialized = System.nanoTime();
        String response = invoke(handler, event);
        long handled = System.nanoTime();
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        System.out.printf(Locale.ROOT, "init_ms=%.1f first_event_ms=%.1f classes=%d response=%s%n",
                (initialized - started) / 1e6, (handled - initialized) / 1e6, classes,
                response.replaceAll("\\s+", " "));
        System.exit(0);
    }

    /** Marks, in a class-loading log, where the first event starts. */
    private static final class FirstEvent {
        static void mark() {
        }
    }

    /** Runs the handler's snapshot hooks, as SnapStart would before the snapshot and after a restore. */
    private static void prime(Object handler) throws Exception {
        for (Class<?> implemented : interfaces(handler.getClass())) {
            if (implemented.getName().equals("org.crac.Resource")) {
                for (String hook : new String[] {"beforeCheckpoint", "afterRestore"}) {
                    Method method = implemented.getMethod(hook, Class.forName("org.crac.Context"));
                    method.invoke(handler, (Object) null);
                }
                return;
            }
        }
        throw new IllegalStateException(handler.getClass().getName() + " has no snapshot hooks");
    }

    private static String invoke(Object handler, byte[] event) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        for (Class<?> implemented : interfaces(handler.getClass())) {
            if (implemented.getName().equals("com.amazonaws.services.lambda.runtime.RequestStreamHandler")) {
                Method handle = implemented.getMethod("handleRequest", InputStream.class,
                        OutputStream.class, Class.forName("com.amazonaws.services.lambda.runtime.Context"));
                handle.invoke(handler, new ByteArrayInputStream(event), output, null);
                return output.toString(StandardCharsets.UTF_8);
            }
        }
        return EventObjects.invoke(handler, event);
    }

    private static List<Class<?>> interfaces(Class<?> type) {
        List<Class<?>> all = new ArrayList<>();
        for (Class<?> at = type; at != null; at = at.getSuperclass()) {
            all.addAll(List.of(at.getInterfaces()));
        }
        return all;
    }

    /**
     * A handler of event objects: the event is read and the answer written by the runtime's own
     * serialization library ({@code aws-lambda-java-serialization}), as Lambda's Java runtime does.
     */
    private static final class EventObjects {
        static String invoke(Object handler, byte[] event) throws Exception {
            Method handle = null;
            for (Method method : handler.getClass().getMethods()) {
                if (method.getName().equals("handleRequest") && method.getParameterCount() == 2 && !method.isBridge()) {
                    handle = method;
                }
            }
            if (handle == null) {
                throw new IllegalStateException(handler.getClass().getName() + " is not a Lambda handler");
            }
            ClassLoader loader = handler.getClass().getClassLoader();
            Class<?> serializers = Class.forName(
                    "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers");
            Method serializerFor = serializers.getMethod("serializerFor", Class.class, ClassLoader.class);
            Class<?> serializer = Class.forName("com.amazonaws.services.lambda.runtime.serialization.PojoSerializer");
            Object input = serializerFor.invoke(null, handle.getParameterTypes()[0], loader);
            Object request = serializer.getMethod("fromJson", InputStream.class)
                    .invoke(input, new ByteArrayInputStream(event));
            Object result = handle.invoke(handler, request, null);
            Object outputSerializer = serializerFor.invoke(null, handle.getReturnType(), loader);
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            serializer.getMethod("toJson", Object.class, OutputStream.class)
                    .invoke(outputSerializer, result, output);
            return output.toString(StandardCharsets.UTF_8);
        }
    }
}
