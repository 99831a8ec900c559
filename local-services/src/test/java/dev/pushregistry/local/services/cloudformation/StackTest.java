package dev.pushregistry.local.services.cloudformation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackTest {
    private static final String TEMPLATE = """
            Parameters:
              Prefix:
                Type: String
                Default: apps/
              BusName:
                Type: String
                Default: ''
              Senders:
                Type: CommaDelimitedList
                Default: ''
            Conditions:
              CreateBus: !Equals [!Ref BusName, '']
              HasSenders: !Not [!Equals [!Join ['', !Ref Senders], '']]
              Both: !And [!Condition CreateBus, !Condition HasSenders]
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
              Queue:
                Type: AWS::SQS::Queue
              Bus:
                Type: AWS::Events::EventBus
                Condition: CreateBus
                Properties:
                  Name: !Sub ${AWS::StackName}-events
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Environment:
                    Variables:
                      TABLE: !Ref Table
                      QUEUE_ARN: !GetAtt Queue.Arn
                      SECRETS: !Sub 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${Prefix}*/apns-??????'
                      BUS: !If [CreateBus, !GetAtt Bus.Arn, !Sub 'arn:aws:events:${AWS::Region}:${AWS::AccountId}:event-bus/${BusName}']
                      LITERAL: !Sub '${!NotAVariable} ${Queue.QueueName}'
                      FIRST: !Select [0, !Split [',', 'a,b']]
                  Tags:
                    - !If [HasSenders, {Key: senders, Value: !Join [',', !Ref Senders]}, !Ref AWS::NoValue]
            """;

    private static JsonNode environment(Stack stack) {
        return stack.resolve(stack.template().path("Resources").path("Worker").path("Properties")
                .path("Environment").path("Variables"));
    }

    @Test
    void resolvesReferencesAttributesSubstitutionsAndConditionsAsCloudFormationDoes() {
        Stack stack = Stack.of(CloudFormationYaml.parse(TEMPLATE)).name("demo").region("eu-west-1").accountId("123456789012")
                .build();
        JsonNode environment = environment(stack);
        assertEquals("demo-Table", environment.get("TABLE").asText());
        assertEquals("arn:aws:sqs:eu-west-1:123456789012:demo-Queue", environment.get("QUEUE_ARN").asText());
        assertEquals("arn:aws:secretsmanager:eu-west-1:123456789012:secret:apps/*/apns-??????",
                environment.get("SECRETS").asText());
        assertEquals("arn:aws:events:eu-west-1:123456789012:event-bus/demo-events", environment.get("BUS").asText());
        assertEquals("${NotAVariable} demo-Queue", environment.get("LITERAL").asText());
        assertEquals("a", environment.get("FIRST").asText());
        assertTrue(stack.deploys("Bus"));
        assertTrue(stack.resolve(stack.template().path("Resources").path("Worker").path("Properties").path("Tags")).isEmpty(),
                "AWS::NoValue leaves nothing behind");
    }

    @Test
    void parameterValuesAndNamedResourcesChangeWhatResolves() {
        Stack stack = Stack.of(CloudFormationYaml.parse(TEMPLATE))
                .parameter("BusName", "shared-bus")
                .parameter("Senders", "arn:aws:iam::1:role/a,arn:aws:iam::1:role/b")
                .resource("Table", Map.of("Ref", "local-table"))
                .resource("Queue", Map.of("QueueName", "q1", "Ref", "http://127.0.0.1:9324/000000000000/q1"))
                .build();
        JsonNode environment = environment(stack);
        assertEquals("local-table", environment.get("TABLE").asText());
        assertEquals("arn:aws:sqs:eu-central-1:000000000000:q1", environment.get("QUEUE_ARN").asText());
        assertEquals("http://127.0.0.1:9324/000000000000/q1", stack.ref("Queue"));
        assertEquals("arn:aws:events:eu-central-1:000000000000:event-bus/shared-bus", environment.get("BUS").asText());
        assertFalse(stack.deploys("Bus"));
        assertTrue(stack.condition("HasSenders"));
        assertFalse(stack.condition("Both"));
        assertEquals("arn:aws:iam::1:role/a,arn:aws:iam::1:role/b", stack.resolve(stack.template().path("Resources")
                .path("Worker").path("Properties").path("Tags")).get(0).get("Value").asText());
        assertEquals("arn:aws:iam::000000000000:role/push-registry-WorkerRole", stack.attribute("WorkerRole", "Arn"),
                "the role SAM creates for a function");
    }

    @Test
    void refusesWhatTheTemplateDoesNotDeclare() {
        assertThrows(IllegalArgumentException.class, () -> Stack.of(CloudFormationYaml.parse(TEMPLATE))
                .parameter("Nope", "x").build());
        Stack stack = Stack.of(CloudFormationYaml.parse(TEMPLATE)).build();
        assertThrows(IllegalArgumentException.class, () -> stack.ref("Missing"));
        assertThrows(IllegalStateException.class, () -> stack.attribute("Table", "Nope"));
    }

    @Test
    void refusesParametersAndRulesAsCloudFormationDoes() {
        JsonNode template = CloudFormationYaml.parse("""
                Parameters:
                  Mode:
                    Type: String
                    AllowedValues: ['on', 'off']
                  Url:
                    Type: String
                    Default: ''
                    AllowedPattern: '^(https://.+)?$'
                Rules:
                  OnNeedsUrl:
                    RuleCondition: !Equals [!Ref Mode, 'on']
                    Assertions:
                      - Assert: !Not [!Equals [!Ref Url, '']]
                        AssertDescription: on needs Url
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                """);

        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class, () -> Stack.of(template).build());
        IllegalArgumentException notAllowed = assertThrows(IllegalArgumentException.class,
                () -> Stack.of(template).parameter("Mode", "maybe").build());
        IllegalArgumentException notMatching = assertThrows(IllegalArgumentException.class,
                () -> Stack.of(template).parameter("Mode", "off").parameter("Url", "http://plain").build());
        IllegalArgumentException ruled = assertThrows(IllegalArgumentException.class,
                () -> Stack.of(template).parameter("Mode", "on").build());

        assertTrue(unset.getMessage().contains("[Mode] must have values"), unset.getMessage());
        assertTrue(notAllowed.getMessage().contains("AllowedValues"), notAllowed.getMessage());
        assertTrue(notMatching.getMessage().contains("pattern"), notMatching.getMessage());
        assertTrue(ruled.getMessage().contains("OnNeedsUrl") && ruled.getMessage().contains("on needs Url"),
                ruled.getMessage());
        assertEquals("off", Stack.of(template).parameter("Mode", "off").build().parameter("Mode"));
        assertEquals("https://x", Stack.of(template).parameter("Mode", "on").parameter("Url", "https://x").build()
                .parameter("Url"));
    }

    @Test
    void readsShortFormsAsTheirLongForms() {
        JsonNode template = CloudFormationYaml.parse("""
                A: !Ref X
                B: !GetAtt R.Arn
                C: !If [Cond, 1, 'no']
                D: !Condition Cond
                E: yes
                F: '010'
                """);
        assertEquals("{\"Ref\":\"X\"}", template.get("A").toString());
        assertEquals("{\"Fn::GetAtt\":[\"R\",\"Arn\"]}", template.get("B").toString());
        assertEquals("{\"Fn::If\":[\"Cond\",1,\"no\"]}", template.get("C").toString());
        assertEquals("{\"Condition\":\"Cond\"}", template.get("D").toString());
        assertTrue(template.get("E").asBoolean());
        assertEquals("010", template.get("F").asText());
    }
}
