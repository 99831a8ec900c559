package dev.pushregistry.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pushregistry.testing.SampleEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What `package` built for each function: one jar under 10 MB holding its handler and the light
 * HTTP client, and none of the push-sending libraries or the heavy HTTP clients.
 */
class DeployableJarsIT {
    private static final long LIMIT_BYTES = 10_000_000L;
    private static final List<String> FORBIDDEN = List.of(
            "com/eatthepath/pushy/", "com/google/firebase/", "io/netty/",
            "software/amazon/awssdk/http/apache/", "software/amazon/awssdk/http/apache5/",
            "software/amazon/awssdk/http/nio/netty/", "org/apache/http/", "org/apache/hc/");

    @ParameterizedTest
    @ValueSource(strings = {"register", "identify", "logout", "people"})
    void theJarIsSmallAndHoldsOnlyWhatTheFunctionNeeds(String function) throws IOException {
        Path jar = SampleEvents.projectRoot().resolve("functions").resolve(function).resolve("target")
                .resolve(function + "-lambda.jar");
        assertTrue(Files.isRegularFile(jar), jar + " was not built");
        long size = Files.size(jar);
        System.out.printf("%s-lambda.jar: %,d bytes%n", function, size);
        assertTrue(size < LIMIT_BYTES, jar + " is " + size + " bytes");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            String handler = "dev/pushregistry/functions/" + function + "/";
            assertTrue(names.stream().anyMatch(name -> name.startsWith(handler) && name.endsWith("Handler.class")));
            assertTrue(names.stream().anyMatch(name -> name.startsWith("software/amazon/awssdk/http/urlconnection/")));
            for (String forbidden : FORBIDDEN) {
                assertFalse(names.stream().anyMatch(name -> name.startsWith(forbidden)), function + " holds " + forbidden);
            }
        }
    }
}
