package dev.pushregistry.system.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushregistry.local.services.cloudformation.CloudFormationYaml;
import dev.pushregistry.local.services.cloudformation.Stack;
import dev.pushregistry.telemetry.Metrics;
import dev.pushregistry.testing.LocalAws;
import dev.pushregistry.testing.SampleEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the template gives the team that runs it, read as CloudFormation reads it (tags in their
 * long forms) and deployed as a stack where a value depends on parameters: logs that expire,
 * a table that survives a mistaken delete, an access log without keys, a domain of its own, the
 * on-call's alarms on metrics the functions write (each of the stack's own), a dashboard, saved
 * queries over groups that exist, the outputs other systems need, and what publishing needs.
 */
class OperationsTemplateTest {
    private static final Path ROOT = SampleEvents.projectRoot();
    private static final String KEYS = "arn:aws:secretsmanager:eu-central-1:000000000000:secret:keys-Ab12Cd";

    private final JsonNode template = CloudFormationYaml.read(ROOT.resolve("template.yaml"));
    private final JsonNode resources = template.get("Resources");

    private static Stack.Builder stack() {
        return LocalAws.get().stack().parameter("ApiKeysSecretArn", KEYS).parameter("IdentityVerification", "off");
    }

    private List<String> ofType(String type) {
        List<String> found = new ArrayList<>();
        resources.fields().forEachRemaining(resource -> {
            if (resource.getValue().path("Type").asText().equals(type)) {
                found.add(resource.getKey());
            }
        });
        return found;
    }

    @Test
    void everyFunctionLogsToAGroupOfItsOwnKeptLogRetentionDays() {
        List<String> functions = new ArrayList<>(ofType("AWS::Serverless::Function"));
        functions.addAll(ofType("AWS::Lambda::Function"));
        assertEquals(11, functions.size());
        for (String function : functions) {
            JsonNode group = resources.get(resources.get(function).at("/Properties/LoggingConfig/LogGroup/Ref").asText());
            assertEquals("AWS::Logs::LogGroup", group.path("Type").asText(), function);
            assertEquals("LogRetentionDays", group.at("/Properties/RetentionInDays/Ref").asText(), function);
            assertEquals(resources.get(function).path("Condition"), group.path("Condition"),
                    function + ": its group exists exactly when it does");
        }
        assertEquals(30, template.at("/Parameters/LogRetentionDays/Default").asInt());
        assertEquals("LogRetentionDays", resources.at("/ApiAccessLogGroup/Properties/RetentionInDays/Ref").asText());
    }

    @Test
    void theTableRefusesDeletionUnlessTheDeploymentSaysOtherwiseAndOutlivesTheStack() {
        JsonNode table = resources.get("RegistryTable");
        assertEquals("Retain", table.path("DeletionPolicy").asText());
        assertEquals("true", stack().build().resolve(table.at("/Properties/DeletionProtectionEnabled")).asText());
        assertEquals("false", stack().parameter("TableDeletionProtection", "false").build()
                .resolve(table.at("/Properties/DeletionProtectionEnabled")).asText());
    }

    @Test
    void theAccessLogSaysWhoCalledWhatAndHowItEndedButNeverAHeader() throws Exception {
        JsonNode settings = resources.at("/HttpApi/Properties/AccessLogSettings");
        assertEquals("ApiAccessLogGroup", settings.at("/DestinationArn/Fn::GetAtt/0").asText());
        JsonNode line = new ObjectMapper().readTree(settings.get("Format").asText());
        assertEquals("$context.identity.sourceIp", line.get("ip").asText());
        assertEquals("$context.routeKey", line.get("route").asText());
        assertEquals("$context.status", line.get("status").asText());
        assertEquals("$context.requestId", line.get("request_id").asText(), "the id the functions log too");
        assertFalse(settings.get("Format").asText().contains("header"), "no header: no key, no identity token");
        assertTrue(resources.at("/HttpApi/Properties/PropagateTags").asBoolean());
        assertTrue(template.at("/Globals/Function/PropagateTags").asBoolean());
    }

    @Test
    void aDomainOfTheDeploymentsOwnIsMappedOntoTheApiWhenOneIsNamed() {
        assertFalse(stack().build().deploys("ApiDomain"), "none by default");
        assertThrows(IllegalArgumentException.class, () -> stack().parameter("ApiDomainName", "push.example.com").build(),
                "a domain needs its certificate");
        Stack named = stack().parameter("ApiDomainName", "push.example.com")
                .parameter("ApiCertificateArn", "arn:aws:acm:eu-central-1:000000000000:certificate/abc").build();
        assertTrue(named.deploys("ApiDomain") && named.deploys("ApiDomainMapping"));
        assertFalse(named.deploys("ApiDomainRecord"), "DNS is the team's unless it names its hosted zone");
        assertEquals("HttpApi", resources.at("/ApiDomainMapping/Properties/ApiId/Ref").asText());
        assertTrue(stack().parameter("ApiDomainName", "push.example.com").parameter("ApiHostedZoneId", "Z123")
                .parameter("ApiCertificateArn", "arn:aws:acm:eu-central-1:000000000000:certificate/abc").build()
                .deploys("ApiDomainRecord"));
        assertEquals("HasApiDomain", template.at("/Outputs/ApiDomainTarget/Condition").asText());
    }

    @Test
    void everyAlarmOnTheFunctionsMetricsNamesAMetricTheyWriteForThisStackOnly() {
        Set<String> alarms = new HashSet<>(ofType("AWS::CloudWatch::Alarm"));
        assertTrue(alarms.containsAll(List.of("UnauthorizedRegistrationsAlarm", "RegistrationDropAlarm",
                "TableThrottlingAlarm", "WebhookFailuresAlarm", "Api5xxAlarm")), alarms.toString());
        List<JsonNode> onOwnMetrics = new ArrayList<>();
        resources.fields().forEachRemaining(resource -> resource.getValue().findParents("Namespace").forEach(metric -> {
            if (metric.path("Namespace").path("Ref").asText().equals("MetricsNamespace")) {
                onOwnMetrics.add(metric);
            }
        }));
        assertTrue(onOwnMetrics.size() >= 6, onOwnMetrics.toString());
        for (JsonNode metric : onOwnMetrics) {
            boolean stackDimension = false;
            for (JsonNode dimension : metric.path("Dimensions")) {
                stackDimension |= dimension.path("Name").asText().equals(Metrics.STACK_DIMENSION)
                        && dimension.at("/Value/Ref").asText().equals("AWS::StackName");
            }
            assertTrue(stackDimension, "metrics of this stack only: " + metric);
        }
        assertEquals("AWS::StackName", template.at("/Globals/Function/Environment/Variables/STACK_NAME/Ref").asText(),
                "the functions name their stack");
        JsonNode registered = resources.at("/RegistrationsAnomalyDetector/Properties/SingleMetricAnomalyDetector");
        assertEquals("Answers", registered.path("MetricName").asText());
        assertEquals("POST /v1/devices", registered.at("/Dimensions/0/Value").asText());
        assertEquals("2xx", registered.at("/Dimensions/1/Value").asText(), "the Status the API's answers carry");
        assertEquals("AlarmOnWebhook", resources.at("/WebhookFailuresAlarm/Condition").asText());
    }

    @Test
    void theDashboardIsJsonAndShowsTheApiTheTableTheStreamAndTheEventsDeadLetters() throws Exception {
        String body = resources.at("/Dashboard/Properties/DashboardBody/Fn::Sub").asText();
        JsonNode dashboard = new ObjectMapper().readTree(body.replaceAll("\\$\\{[^}]+}", "x"));
        List<String> titles = new ArrayList<>();
        dashboard.get("widgets").forEach(widget -> titles.add(widget.at("/properties/title").asText()));
        for (String wanted : List.of("API Gateway: 4xx and 5xx answers", "API Gateway: latency, ms (p50, p99)",
                "Table throttles", "Events: table stream iterator age, ms", "Events dead-letter queue")) {
            assertTrue(titles.contains(wanted), wanted + " in " + titles);
        }
        Matcher search = Pattern.compile("SEARCH\\('\\{\\\\\"\\$\\{MetricsNamespace}\\\\\"[^']*'").matcher(body);
        int searches = 0;
        while (search.find()) {
            searches++;
            assertTrue(search.group().contains(",Stack}") && search.group().contains("Stack=\\\"${AWS::StackName}\\\""),
                    search.group());
        }
        assertTrue(searches >= 10, "searches of the functions' metrics: " + searches);
    }

    @Test
    void theSavedQueriesReadLogGroupsThatExistWheneverTheyDo() {
        List<String> queries = ofType("AWS::Logs::QueryDefinition");
        assertEquals(4, queries.size(), queries.toString());
        for (String query : queries) {
            for (JsonNode group : resources.at("/" + query + "/Properties/LogGroupNames")) {
                JsonNode ref = group.has("Fn::If") ? group.at("/Fn::If/1") : group;
                JsonNode declared = resources.get(ref.at("/Ref").asText());
                assertEquals("AWS::Logs::LogGroup", declared.path("Type").asText(), query + ": " + group);
                if (group.has("Fn::If")) {
                    assertEquals(declared.path("Condition").asText(), group.at("/Fn::If/0").asText(), query);
                } else {
                    assertTrue(declared.path("Condition").isMissingNode(), query + " reads a group that may not exist");
                }
            }
        }
    }

    @Test
    void theOutputsGiveWhatOtherSystemsNeed() {
        Stack deployed = stack().build();
        JsonNode outputs = template.get("Outputs");
        assertEquals(deployed.attribute("SendRequestsQueue", "Arn"),
                deployed.resolve(outputs.at("/SendRequestsQueueArn/Value")).asText());
        assertEquals(deployed.attribute("EventBus", "Arn"), deployed.resolve(outputs.at("/EventBusArn/Value")).asText());
        assertTrue(deployed.resolve(outputs.at("/DashboardUrl/Value")).asText().contains("#dashboards:name="));
    }

    @Test
    void samconfigDeploysWithItsCapabilitiesAsksBeforeApplyingAndNamesOnlyTemplateParameters() throws Exception {
        String config = Files.readString(ROOT.resolve("samconfig.toml"));
        assertTrue(config.contains("capabilities = \"CAPABILITY_IAM\""), config);
        assertTrue(config.contains("confirm_changeset = true"), config);
        assertTrue(config.contains("parallel = false"), "the functions share Maven's target folders");
        assertTrue(config.contains("cached = false"), "SAM's cache would not see a change under shared/");
        Matcher overrides = Pattern.compile("parameter_overrides = \"(.*)\"\\s*$", Pattern.MULTILINE).matcher(config);
        assertTrue(overrides.find(), config);
        // name=\"value\" pairs, their quotes escaped inside the TOML string
        Matcher names = Pattern.compile("([A-Za-z0-9]+)=\\\\\"").matcher(overrides.group(1));
        List<String> named = new ArrayList<>();
        while (names.find()) {
            named.add(names.group(1));
            assertTrue(template.path("Parameters").has(names.group(1)), names.group(1) + " is a template parameter");
        }
        assertTrue(named.containsAll(List.of("ApiKeysSecretArn", "IdentityVerification")), named.toString());
    }

    @Test
    void theApplicationCanBePublishedWithItsLicenseAndAReleaseVersion() throws Exception {
        JsonNode application = template.at("/Metadata/AWS::ServerlessRepo::Application");
        assertEquals("Apache-2.0", application.path("SpdxLicenseId").asText());
        assertTrue(Files.readString(ROOT.resolve(application.path("LicenseUrl").asText())).contains("Apache License"));
        assertTrue(Files.isRegularFile(ROOT.resolve(application.path("ReadmeUrl").asText())));
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>push-registry-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertTrue(version.find());
        assertFalse(version.group(1).endsWith("SNAPSHOT"), version.group(1));
        assertEquals(version.group(1), application.path("SemanticVersion").asText());
        assertEquals("push-registry", template.at("/Globals/Function/Tags/application").asText());
    }
}
