package dev.pushregistry.system.deployment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pushregistry.local.services.cloudformation.CloudFormationYaml;
import dev.pushregistry.testing.SampleEvents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sam build} as SAM CLI runs it for a function whose {@code Metadata} says
 * {@code BuildMethod: makefile} (SAM CLI itself cannot be installed here): the function's
 * {@code CodeUri} folder copied to a scratch folder, {@code make --makefile <ContextPath>/Makefile
 * build-<LogicalId>} run there with {@code ARTIFACTS_DIR} set, and what that folder then holds is
 * what Lambda gets. Each function's artifact is its module's shaded jar in {@code lib/} (where
 * Lambda's Java runtime puts it on the classpath), the very jar the other jar checks test. The jars
 * were built by this Maven run, so make finds them fresh and builds nothing ({@code MVN=false} would
 * fail the build otherwise).
 */
class SamBuildContractTest {
    private static final Path ROOT = SampleEvents.projectRoot();

    @TempDir
    Path scratch;

    private record Built(String logicalId, String codeUri, String contextPath, String handlerClass) {
    }

    private static List<Built> functions() {
        JsonNode template = CloudFormationYaml.read(ROOT.resolve("template.yaml"));
        List<Built> functions = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(resource -> {
            JsonNode value = resource.getValue();
            if (value.path("Type").asText().equals("AWS::Serverless::Function")
                    && value.path("Properties").path("Runtime").asText("java").startsWith("java")
                    && value.path("Properties").has("CodeUri")) {
                JsonNode metadata = value.path("Metadata");
                assertEquals("makefile", metadata.path("BuildMethod").asText(), resource.getKey());
                functions.add(new Built(resource.getKey(), value.path("Properties").path("CodeUri").asText(),
                        metadata.path("ContextPath").asText("."),
                        value.path("Properties").path("Handler").asText().split("::")[0]));
            }
        });
        return functions;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void makeBuildOfEveryFunctionPutsItsJarWithItsHandlerWhereLambdaLoadsIt() throws Exception {
        List<Built> functions = functions();
        assertEquals(10, functions.size(), "every Java function is built by make");
        Map<String, String> failures = new LinkedHashMap<>();
        for (Built function : functions) {
            Path source = ROOT.resolve(function.codeUri());
            assertTrue(Files.isRegularFile(source.resolve("pom.xml")), function.codeUri() + " is a Maven module");
            Path copy = scratch.resolve("source-" + function.logicalId());
            copy(source, copy);
            Path artifacts = scratch.resolve("artifacts-" + function.logicalId());
            Files.createDirectories(artifacts);

            ProcessBuilder build = new ProcessBuilder("make", "--makefile",
                    ROOT.resolve(function.contextPath()).resolve("Makefile").toString(), "build-" + function.logicalId(),
                    "MVN=false")
                    .directory(copy.toFile()).redirectErrorStream(true);
            build.environment().put("ARTIFACTS_DIR", artifacts.toString());
            Process make = build.start();
            make.getOutputStream().close();
            String output;
            try (InputStream out = make.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (make.waitFor() != 0) {
                failures.put(function.logicalId(), output);
                continue;
            }

            String module = Path.of(function.codeUri()).getFileName().toString();
            Path jar = artifacts.resolve("lib").resolve(module + "-lambda.jar");
            assertTrue(Files.isRegularFile(jar), function.logicalId() + ": " + jar + " after " + output);
            try (Stream<Path> everything = Files.list(artifacts)) {
                assertEquals(List.of(artifacts.resolve("lib")), everything.toList(), "only lib/ is deployed");
            }
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry handler = zip.getEntry(function.handlerClass().replace('.', '/') + ".class");
                assertNotNull(handler, function.logicalId() + " handler " + function.handlerClass() + " in " + jar);
            }
            assertArrayEquals(Files.readAllBytes(ROOT.resolve(function.codeUri()).resolve("target")
                    .resolve(module + "-lambda.jar")), Files.readAllBytes(jar), "the jar Maven built");
        }
        assertEquals(Map.of(), failures, "make failed (MVN=false: were the jars older than their sources?)");
    }
}
