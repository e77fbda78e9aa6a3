package io.github.fleetprov.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.fleetprov.policy.IotPolicy;

/** Test vectors from the reference pages and the seeds, and JSON helpers. */
final class TemplateVectors {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** The policy document every reference template embeds. */
    static final String FOO_BAR_POLICY = "{ \"Version\": \"2012-10-17\", \"Statement\": [{ \"Effect\": \"Allow\", "
            + "\"Action\":[\"iot:Publish\"], \"Resource\": [\"arn:aws:iot:us-east-1:123456789012:topic/foo/bar\"] }] }";

    /** The policy document of the device SDK seed template. */
    static final String SEED_POLICY = "{\"Version\": \"2012-10-17\",\"Statement\": [{\"Effect\": \"Allow\","
            + "\"Action\": [\"iot:Connect\",\"iot:Subscribe\",\"iot:Publish\",\"iot:Receive\"],\"Resource\": \"*\"}]}";

    static final String CERTIFICATE_ID = "4f0ba725787aa94d67d2fca420eca022242532e8b3c58e7465c7778b443fd65e";

    private TemplateVectors() {
    }

    static String resource(String name) {
        try (InputStream in = TemplateVectors.class.getResourceAsStream("/template/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /template/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The tree of a template body with every PolicyDocument (object or escaped string) replaced by
     * the tree of the policy as the IoT policy writer writes it, so that bodies that differ only in
     * how the document is encoded compare equal.
     */
    static JsonNode withPolicyDocumentsNormalized(String json) {
        JsonNode root = tree(json).deepCopy();
        JsonNode resources = root.path("Resources");
        for (Map.Entry<String, JsonNode> resource : resources.properties()) {
            JsonNode props = resource.getValue().path("Properties");
            JsonNode doc = props.get("PolicyDocument");
            if (doc != null) {
                String text = doc.isTextual() ? doc.textValue() : doc.toString();
                ((ObjectNode) props).set("PolicyDocument", tree(IotPolicy.fromJson(text).toJson()));
            }
        }
        return root;
    }

    /** The tree of a template body with every escaped-string PolicyDocument decoded into an object. */
    static JsonNode withPolicyDocumentsDecoded(String json) {
        JsonNode root = tree(json).deepCopy();
        for (Map.Entry<String, JsonNode> resource : root.path("Resources").properties()) {
            JsonNode props = resource.getValue().path("Properties");
            JsonNode doc = props.get("PolicyDocument");
            if (doc != null && doc.isTextual()) {
                ((ObjectNode) props).set("PolicyDocument", tree(doc.textValue()));
            }
        }
        return root;
    }
}
