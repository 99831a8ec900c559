package dev.pushregistry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each package of {@code shared} imports only what its {@code package-info.java} says it may: the
 * core imports no AWS, Lambda, Jackson or JWT types, and no package gains a dependency on another
 * of the project's packages that it does not have today. Untangling {@code shared} removes
 * entries from {@link #MAY_IMPORT}; nothing may add one without saying so here.
 */
class PackageRulesTest {
    private static final JavaClasses SHARED = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pushregistry");

    /** The core: the model and the rules, with no AWS, Lambda, Jackson or JWT types. */
    private static final List<String> CORE = List.of("device", "error", "person", "time", "validation", "registry");

    /** The project's packages each package may import; {@code aws}, the wiring, may import them all. */
    private static final Map<String, Set<String>> MAY_IMPORT = Map.ofEntries(
            Map.entry("device", Set.of("error")),
            Map.entry("error", Set.of()),
            Map.entry("person", Set.of("device")),
            Map.entry("time", Set.of()),
            Map.entry("validation", Set.of("device", "error")),
            Map.entry("registry", Set.of("device", "error", "person", "time")),
            Map.entry("sending", Set.of("device", "error", "person", "time", "validation", "registry")),
            Map.entry("json", Set.of("error", "sending")),
            Map.entry("store", Set.of("device", "error", "person", "time", "registry", "sending")),
            Map.entry("queue", Set.of("device", "error", "time", "validation", "sending", "json")),
            Map.entry("auth", Set.of("error")),
            Map.entry("api", Set.of("device", "error", "person", "time", "validation", "registry", "sending", "json",
                    "auth")),
            Map.entry("authorizer", Set.of("error", "json", "auth")));

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
        forbidden.add("dev.pushregistry.aws");
        noClasses().that().resideInAPackage("dev.pushregistry." + name)
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .because("package-info.java of " + name + " says what it may import")
                .check(SHARED);
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
    void onlyTheStoreAndTheWiringKnowTheDynamoDbAdapter() {
        noClasses().that().resideOutsideOfPackages("dev.pushregistry.store", "dev.pushregistry.aws")
                .should().dependOnClassesThat().haveSimpleNameStartingWith("DynamoDb")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("Table")
                .check(SHARED);
    }
}
