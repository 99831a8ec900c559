package dev.pushregistry.local.services.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation template in YAML read as the JSON form CloudFormation itself works on: each
 * short-form intrinsic becomes its long form ({@code !Ref X} is {@code {"Ref": "X"}},
 * {@code !GetAtt A.Arn} is {@code {"Fn::GetAtt": ["A", "Arn"]}}, {@code !Sub s} is
 * {@code {"Fn::Sub": s}}, {@code !Condition C} is {@code {"Condition": "C"}}). A plain YAML reader
 * drops the tags, after which {@code !If [c, a, b]} cannot be told from a list.
 */
public final class CloudFormationYaml {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CloudFormationYaml() {
    }

    /** The template in {@code file}. */
    public static JsonNode read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot read " + file, failure);
        }
    }

    /** The template in {@code yaml}. */
    public static JsonNode parse(String yaml) {
        Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
        return root == null ? NODES.objectNode() : convert(root);
    }

    private static JsonNode convert(Node node) {
        JsonNode value;
        if (node instanceof ScalarNode scalar) {
            value = scalar(scalar);
        } else if (node instanceof SequenceNode sequence) {
            ArrayNode array = NODES.arrayNode();
            sequence.getValue().forEach(item -> array.add(convert(item)));
            value = array;
        } else if (node instanceof MappingNode mapping) {
            ObjectNode object = NODES.objectNode();
            for (NodeTuple entry : mapping.getValue()) {
                object.set(((ScalarNode) entry.getKeyNode()).getValue(), convert(entry.getValueNode()));
            }
            value = object;
        } else {
            throw new IllegalArgumentException("unexpected YAML node " + node.getNodeId());
        }
        String tag = node.getTag().getValue();
        if (!tag.startsWith("!")) {
            return value;
        }
        return intrinsic(tag.substring(1), value);
    }

    private static JsonNode intrinsic(String name, JsonNode value) {
        ObjectNode intrinsic = NODES.objectNode();
        switch (name) {
            case "Ref", "Condition" -> intrinsic.set(name, value);
            case "GetAtt" -> {
                if (value.isTextual()) {
                    String text = value.asText();
                    int dot = text.indexOf('.');
                    if (dot < 0) {
                        throw new IllegalArgumentException("!GetAtt needs Resource.Attribute, not " + text);
                    }
                    intrinsic.putArray("Fn::GetAtt").add(text.substring(0, dot)).add(text.substring(dot + 1));
                } else {
                    intrinsic.set("Fn::GetAtt", value);
                }
            }
            default -> intrinsic.set("Fn::" + name, value);
        }
        return intrinsic;
    }

    private static JsonNode scalar(ScalarNode scalar) {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return NODES.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            // YAML 1.1, as CloudFormation reads it: yes/on/true are true
            return NODES.booleanNode(switch (text.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on", "y" -> true;
                default -> false;
            });
        }
        if (Tag.INT.equals(tag)) {
            try {
                return NODES.numberNode(new BigInteger(text.replace("_", "")));
            } catch (NumberFormatException notDecimal) {
                return NODES.textNode(text);
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return NODES.numberNode(Double.parseDouble(text.replace("_", "")));
            } catch (NumberFormatException notDecimal) {
                return NODES.textNode(text);
            }
        }
        return NODES.textNode(text);
    }
}
