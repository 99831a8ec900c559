package dev.pushregistry.system.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The layout of the deployed code, one rule per direction a dependency may run: each module (its
 * folder, artifact and package say the same thing) uses only the modules {@link #MODULES} lists for
 * it; the core uses nothing else of the project and no AWS, Lambda, Jackson or JWT type, and each of
 * its packages only what {@link #CORE} lists; adapters use the core and the libraries, never one
 * another; no module uses a function, and no function another; nothing deployed uses test support or
 * the local stand-ins; and there is no cycle. A new module or core package must be listed to pass.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.pushregistry.";

    /** Each deployed module's package, and the modules it may use. */
    private static final Map<String, Set<String>> MODULES = new LinkedHashMap<>();
    /** The adapters: each talks to one outside system, and none knows another. */
    private static final Set<String> ADAPTERS = Set.of("store.dynamodb", "queue.sqs", "lifecycle.eventbridge", "http",
            "authorizer");
    /** The functions: each a Lambda handler over the core and the adapters it wires. */
    private static final List<String> FUNCTIONS = List.of("functions.register", "functions.imports",
            "functions.identify", "functions.logout", "functions.people", "functions.sends", "functions.dispatch",
            "functions.send.apns", "functions.send.fcm", "functions.lifecycle");

    static {
        MODULES.put("core", Set.of());
        MODULES.put("logging", Set.of());
        MODULES.put("json", Set.of("core"));
        MODULES.put("messages", Set.of("core", "json"));
        MODULES.put("aws", Set.of("logging"));
        MODULES.put("secrets", Set.of("aws"));
        MODULES.put("telemetry", Set.of("aws", "json"));
        MODULES.put("store.dynamodb", Set.of("core", "aws"));
        MODULES.put("queue.sqs", Set.of("core", "json", "messages", "aws", "telemetry", "logging"));
        MODULES.put("lifecycle.eventbridge", Set.of("core", "json", "aws", "logging"));
        MODULES.put("http", Set.of("core", "json", "aws", "telemetry", "logging"));
        // the authorizer answers http.auth's access check: the one adapter another may know
        MODULES.put("authorizer", Set.of("core", "json", "aws", "secrets", "http"));
        Set<String> forFunctions = new TreeSet<>(MODULES.keySet());
        FUNCTIONS.forEach(function -> MODULES.put(function, forFunctions));
    }

    /** Each package of the core, and the core packages it may use. */
    private static final Map<String, Set<String>> CORE = Map.ofEntries(
            Map.entry("error", Set.of()),
            Map.entry("time", Set.of()),
            Map.entry("concurrency", Set.of()),
            Map.entry("configuration", Set.of()),
            Map.entry("app", Set.of("error")),
            Map.entry("device", Set.of("error")),
            Map.entry("person", Set.of("device")),
            Map.entry("validation", Set.of("device", "error")),
            Map.entry("registry", Set.of("concurrency", "configuration", "device", "error", "person", "time")),
            Map.entry("sending", Set.of("app", "concurrency", "configuration", "device", "error", "person", "registry",
                    "time", "validation")),
            Map.entry("lifecycle", Set.of("device", "error", "sending", "time")));

    /** Classes that are not tests: neither test classes nor a module's test-jar (its fixtures). */
    private static final ImportOption NOT_TESTS = location ->
            ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location) && !location.contains("-tests.jar");

    /** Every deployed class: not tests, test support, the local stand-ins or the tools. */
    private static final JavaClasses DEPLOYED = new ClassFileImporter()
            .withImportOption(NOT_TESTS)
            .importPackages(MODULES.keySet().stream().map(module -> ROOT + module).toList());

    static Stream<Arguments> modules() {
        return MODULES.entrySet().stream().map(entry -> Arguments.of(entry.getKey(), entry.getValue()));
    }

    @ParameterizedTest(name = "{0} uses only {1}")
    @MethodSource("modules")
    void eachModuleUsesOnlyTheModulesItMay(String module, Set<String> allowed) {
        List<String> others = new ArrayList<>();
        for (String other : MODULES.keySet()) {
            if (!other.equals(module) && !allowed.contains(other) && !nested(module, other)) {
                others.add(ROOT + other + "..");
            }
        }
        noClasses().that().resideInAPackage(ROOT + module + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
                .check(DEPLOYED);
    }

    static Stream<Arguments> corePackages() {
        return CORE.entrySet().stream().map(entry -> Arguments.of(entry.getKey(), entry.getValue()));
    }

    @ParameterizedTest(name = "core.{0} uses only {1}")
    @MethodSource("corePackages")
    void eachCorePackageUsesOnlyTheCorePackagesItMay(String name, Set<String> allowed) {
        List<String> others = CORE.keySet().stream().filter(other -> !other.equals(name) && !allowed.contains(other))
                .map(other -> ROOT + "core." + other + "..").toList();
        noClasses().that().resideInAPackage(ROOT + "core." + name + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
                .check(DEPLOYED);
    }

    @Test
    void theCoreUsesNoAwsLambdaJacksonOrJwtType() {
        noClasses().that().resideInAPackage(ROOT + "core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon..", "com.amazonaws..", "com.fasterxml..", "com.nimbusds..")
                .check(DEPLOYED);
    }

    @Test
    void adaptersUseTheCoreAndNotOneAnother() {
        for (String adapter : ADAPTERS) {
            List<String> others = ADAPTERS.stream()
                    .filter(other -> !other.equals(adapter) && !(adapter.equals("authorizer") && other.equals("http")))
                    .map(other -> ROOT + other + "..").toList();
            noClasses().that().resideInAPackage(ROOT + adapter + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
                    .because("an adapter talks to one outside system; a function joins them")
                    .check(DEPLOYED);
        }
        noClasses().that().resideInAPackage(ROOT + "authorizer..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + "http")
                .because("the authorizer answers the access check of http.auth and knows nothing else of http")
                .check(DEPLOYED);
    }

    @Test
    void noModuleUsesAFunctionAndNoFunctionAnother() {
        for (String function : FUNCTIONS) {
            noClasses().that().resideOutsideOfPackage(ROOT + function + "..")
                    .should().dependOnClassesThat().resideInAPackage(ROOT + function + "..")
                    .check(DEPLOYED);
        }
    }

    @Test
    void nothingDeployedUsesTestSupportOrTheLocalStandIns() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(ROOT + "testing..", ROOT + "local..",
                ROOT + "core.fixtures..", ROOT + "tools..").check(DEPLOYED);
    }

    @Test
    void noModuleOrCorePackageIsInACycle() {
        slices().matching(ROOT + "(*)..").should().beFreeOfCycles().check(DEPLOYED);
        slices().matching(ROOT + "core.(*)..").should().beFreeOfCycles().check(DEPLOYED);
    }

    @Test
    void everyDeployedPackageBelongsToAListedModule() {
        Set<String> unlisted = new TreeSet<>();
        new ClassFileImporter().withImportOption(NOT_TESTS)
                .importPackages("dev.pushregistry").forEach(javaClass -> unlisted.add(javaClass.getPackageName()));
        unlisted.removeIf(name -> name.startsWith(ROOT + "testing") || name.startsWith(ROOT + "local.")
                || name.startsWith(ROOT + "tools.") || name.startsWith(ROOT + "benchmarks")
                || MODULES.keySet().stream().anyMatch(module -> name.equals(ROOT + module))
                || CORE.keySet().stream().anyMatch(core -> name.equals(ROOT + "core." + core))
                || name.equals(ROOT + "http.auth"));
        assertEquals(Set.of(), unlisted);
    }

    /** Whether one module's package lies inside the other's (core's packages, http.auth). */
    private static boolean nested(String module, String other) {
        return other.startsWith(module + ".") || module.startsWith(other + ".");
    }
}
