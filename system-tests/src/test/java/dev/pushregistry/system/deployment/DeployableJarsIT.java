package dev.pushregistry.system.deployment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.pushregistry.testing.SampleEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What `package` built for each function: one jar under its size limit holding its handler and the
 * light HTTP client, and none of the libraries it does not use: the registry functions carry no push
 * library, the APNs sender no Firebase, the FCM sender no Pushy or Netty, only the endpoints the
 * JOSE library (identity tokens), and none of them the AWS SDK's heavy HTTP clients; and every class of the project
 * in a jar finds every class it refers to in that jar or the JDK, so no jar carries code it cannot
 * link.
 */
class DeployableJarsIT {
    private static final List<String> ALWAYS_FORBIDDEN = List.of(
            "software/amazon/awssdk/http/apache/", "software/amazon/awssdk/http/apache5/",
            "software/amazon/awssdk/http/nio/netty/", "org/apache/http/");
    private static final String PUSHY = "com/eatthepath/pushy/";
    private static final String NETTY = "io/netty/";
    private static final String FIREBASE = "com/google/firebase/";
    private static final String HTTP_CLIENT_5 = "org/apache/hc/";
    private static final String JOSE = "com/nimbusds/jose/";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "register, register, 12000000, false, false, true",
        "identify, identify, 12000000, false, false, true",
        "logout, logout, 12000000, false, false, true",
        "people, people, 12000000, false, false, true",
        "sends, sends, 13000000, false, false, true",
        "dispatch, dispatch, 12000000, false, false, false",
        "send-apns, send/apns, 20000000, true, false, false",
        "send-fcm, send/fcm, 20000000, false, true, false",
        "import, imports, 12000000, false, false, true",
        "lifecycle, lifecycle, 12000000, false, false, false"})
    void theJarIsSmallAndHoldsOnlyWhatTheFunctionNeeds(String function, String handlerPackage, long limitBytes,
                                                       boolean pushy, boolean firebase, boolean jose) throws IOException {
        Path jar = SampleEvents.projectRoot().resolve("functions").resolve(function).resolve("target")
                .resolve(function + "-lambda.jar");
        assertTrue(Files.isRegularFile(jar), jar + " was not built");
        long size = Files.size(jar);
        System.out.printf("%s-lambda.jar: %,d bytes (limit %,d)%n", function, size, limitBytes);
        assertTrue(size < limitBytes, jar + " is " + size + " bytes");
        List<String> forbidden = new ArrayList<>(ALWAYS_FORBIDDEN);
        if (!pushy) {
            forbidden.addAll(List.of(PUSHY, NETTY));
        }
        if (!firebase) {
            forbidden.addAll(List.of(FIREBASE, HTTP_CLIENT_5));
        }
        if (!jose) {
            forbidden.add(JOSE);
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            String handler = "dev/pushregistry/functions/" + handlerPackage + "/";
            assertTrue(names.stream().anyMatch(name -> name.startsWith(handler) && name.endsWith("Handler.class")));
            assertTrue(names.stream().anyMatch(name -> name.startsWith("software/amazon/awssdk/http/urlconnection/")));
            assertTrue(!pushy || names.stream().anyMatch(name -> name.startsWith(PUSHY)), function + " lacks Pushy");
            assertTrue(!jose || names.stream().anyMatch(name -> name.startsWith(JOSE + "jwk/source/")),
                    function + " lacks nimbus-jose-jwt");
            assertTrue(!firebase || names.stream().anyMatch(name -> name.startsWith(FIREBASE + "messaging/")),
                    function + " lacks Firebase messaging");
            for (String library : forbidden) {
                assertFalse(names.stream().anyMatch(name -> name.startsWith(library)), function + " holds " + library);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"register", "identify", "logout", "people", "sends", "dispatch", "send-apns",
        "send-fcm", "import", "lifecycle"})
    void everyProjectClassInTheJarFindsWhatItRefersTo(String function) throws IOException {
        Path jar = SampleEvents.projectRoot().resolve("functions").resolve(function).resolve("target")
                .resolve(function + "-lambda.jar");
        Set<String> missing = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile()); JarFile classes = new JarFile(jar.toFile())) {
            Set<String> entries = zip.stream().map(ZipEntry::getName).collect(Collectors.toSet());
            JavaClasses project = new ClassFileImporter()
                    .withImportOption(location -> location.contains("/dev/pushregistry/"))
                    .importJar(classes);
            assertFalse(project.isEmpty(), jar + " holds no project class");
            for (JavaClass projectClass : project) {
                for (Dependency dependency : projectClass.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    if (!target.isPrimitive() && !entries.contains(target.getName().replace('.', '/') + ".class")
                            && !inTheJdk(target.getName())) {
                        missing.add(projectClass.getName() + " -> " + target.getName());
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), function + "-lambda.jar cannot link: " + missing);
    }

    private static boolean inTheJdk(String className) {
        try {
            Class.forName(className, false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException notInTheJdk) {
            return false;
        }
    }
}
