package dev.pushregistry.local.stack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code ./run-local}: starts the {@link LocalStack} and keeps it up until Ctrl-C. */
public final class LocalStackMain {
    private LocalStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        long started = System.nanoTime();
        LocalStack stack = LocalStack.start(StackSettings.fromEnvironment(root, System.getenv()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping...");
            stack.close();
            stopped.countDown();
        }));
        stack.describe(System.out);
        System.out.printf("Ready in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        stopped.await();
    }
}
