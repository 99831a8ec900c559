package dev.pushregistry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each package of the shared modules imports only what its {@code package-info.java} says it may:
 * no package cycle, the core imports no AWS, Lambda, Jackson or JWT types, and no package gains a
 * dependency on another of the project's packages that {@link #MAY_IMPORT} does not list. A new
 * package must be listed there to pass.
 */
class PackageRulesTest {
    /** The core: the model and the rules, with no AWS, Lambda, Jackson or JWT types. */
    private static final List<String> CORE = List.of("app", "device", "error", "person", "time", "validation", "registry",
            "sending", "events", "concurrency");

    /** The project's packages each package may import. */
    private static final Map<String, Set<String>> MAY_IMPORT = Map.ofEntries(
            Map.entry("app", Set.of("error")),
            Map.entry("device", Set.of("error")),
            Map.entry("error", Set.of()),
            Map.entry("person", Set.of("device")),
            Map.entry("time", Set.of()),
            Map.entry("validation", Set.of("device", "error")),
            Map.entry("concurrency", Set.of()),
            Map.entry("registry", Set.of("device", "error", "person", "time", "validation", "concurrency")),
            Map.entry("sending", Set.of("app", "device", "error", "person", "time", "validation", "registry",
                    "concurrency")),
            Map.entry("events", Set.of("device", "error", "sending", "time")),
            Map.entry("json", Set.of("error", "sending")),
            Map.entry("logging", Set.of()),
            Map.entry("aws", Set.of("logging")),
            Map.entry("secrets", Set.of("aws")),
            Map.entry("telemetry", Set.of("json", "aws")),
            Map.entry("store", Set.of("app", "device", "error", "person", "time", "registry", "sending", "events", "aws")),
            Map.entry("eventbus", Set.of("error", "time", "sending", "events", "json", "aws", "store", "telemetry")),
            Map.entry("queue", Set.of("app", "device", "error", "time", "validation", "registry", "sending", "json", "aws",
                    "telemetry", "logging")),
            Map.entry("auth", Set.of("app", "error")),
            Map.entry("api", Set.of("app", "device", "error", "person", "time", "validation", "registry", "sending", "json",
                    "auth", "aws", "telemetry", "logging")),
            Map.entry("authorizer", Set.of("app", "error", "json", "auth", "aws", "secrets")));

    /**
     * Every package the shared modules ship (not the test support in {@code testing} and {@code fixtures}, nor the
     * local stand-ins of {@code local-services}).
     */
    private static final JavaClasses SHARED = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(MAY_IMPORT.keySet().stream().map(name -> "dev.pushregistry." + name).toList());

    static Stream<Arguments> packages() {
        return MAY_IMPORT.entrySet().stream().map(entry -> Arguments.of(entry.getKey(), entry.getValue()));
    }

    @ParameterizedTest(name = "{0} imports only {1}")
    @MethodSource("packages")
    void eachPackageImportsOnlyWhatItMay(String name, Set<String> allowed) {
        List<String> forbidden = new ArrayList<>();
        for (String other : MAY_IMPORT.keySet()) {
            if (!other.equals(name) && !allowed.contains(other)) {
                forbidden.add("dev.pushregistry." + other);
            }
        }
        noClasses().that().resideInAPackage("dev.pushregistry." + name)
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .because("package-info.java of " + name + " says what it may import")
                .check(SHARED);
    }

    @Test
    void everyPackageOfTheSharedModulesHasItsRule() {
        Set<String> shipped = new TreeSet<>();
        new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.pushregistry").forEach(javaClass -> shipped.add(javaClass.getPackageName()));
        // test support and the stand-ins of local-services are never deployed
        shipped.removeIf(name -> name.startsWith("dev.pushregistry.testing") || name.startsWith("dev.pushregistry.core.fixtures")
                || name.equals("dev.pushregistry.local.services") || name.startsWith("dev.pushregistry.local.services."));
        assertEquals(new TreeSet<>(MAY_IMPORT.keySet().stream().map(name -> "dev.pushregistry." + name).toList()),
                shipped);
    }

    @Test
    void noPackageDependsOnAnotherThatDependsOnIt() {
        slices().matching("dev.pushregistry.(*)..").should().beFreeOfCycles().check(SHARED);
    }

    @Test
    void theCoreImportsNoAwsLambdaJacksonOrJwtTypes() {
        noClasses().that().resideInAnyPackage(CORE.stream().map(name -> "dev.pushregistry." + name).toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon..", "com.amazonaws..", "com.fasterxml..", "com.nimbusds..")
                .check(SHARED);
    }

    @Test
    void onlyTheStoreKnowsTheDynamoDbAdapter() {
        noClasses().that().resideOutsideOfPackages("dev.pushregistry.store.dynamodb")
                .should().dependOnClassesThat().haveSimpleNameStartingWith("DynamoDb")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("Table")
                .check(SHARED);
    }
}
