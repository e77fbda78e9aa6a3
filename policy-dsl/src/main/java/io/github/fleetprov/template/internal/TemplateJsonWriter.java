package io.github.fleetprov.template.internal;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.json.FleetJson;
import io.github.fleetprov.template.CertificateResource;
import io.github.fleetprov.template.Expression;
import io.github.fleetprov.template.ListExpression;
import io.github.fleetprov.template.OverrideAction;
import io.github.fleetprov.template.OverrideProperty;
import io.github.fleetprov.template.PolicyResource;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.TemplateParameter;
import io.github.fleetprov.template.TemplateResource;
import io.github.fleetprov.template.ThingResource;

/**
 * Writes templates the way CreateProvisioningTemplate takes them: sections in the documented
 * order, policy documents as escaped JSON strings, literal {@code Fn::Select} indexes as numbers.
 */
public final class TemplateJsonWriter {

    /** Trees only: the lenient settings keep duplicate keys and trailing data as they were read before. */
    static final ObjectMapper MAPPER = FleetJson.lenientMapper();
    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TemplateJsonWriter() {
    }

    /**
     * Writes a template body.
     *
     * @param template the template
     * @param pretty whether to indent
     * @return the JSON text
     */
    public static String write(ProvisioningTemplate template, boolean pretty) {
        try {
            return (pretty ? PRETTY : MAPPER.writer()).writeValueAsString(toTree(template));
        } catch (JsonProcessingException e) {
            throw new FleetProvisioningException("Writing a template body failed: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The template body as a JSON tree.
     *
     * @param template the template
     * @return the tree
     */
    public static ObjectNode toTree(ProvisioningTemplate template) {
        ObjectNode root = NODES.objectNode();
        if (!template.parameters().isEmpty()) {
            ObjectNode params = root.putObject("Parameters");
            for (TemplateParameter p : template.parameters().values()) {
                ObjectNode node = params.putObject(p.name());
                node.put("Type", p.type());
                p.defaultValue().ifPresent(d -> node.put("Default", d));
            }
        }
        if (!template.mappings().isEmpty()) {
            ObjectNode maps = root.putObject("Mappings");
            template.mappings().forEach((map, top) -> {
                ObjectNode mapNode = maps.putObject(map);
                top.forEach((k1, second) -> {
                    ObjectNode secondNode = mapNode.putObject(k1);
                    second.forEach(secondNode::put);
                });
            });
        }
        ObjectNode resources = root.putObject("Resources");
        for (TemplateResource r : template.resources().values()) {
            resources.set(r.logicalName(), resource(r));
        }
        if (!template.deviceConfiguration().isEmpty()) {
            ObjectNode config = root.putObject("DeviceConfiguration");
            template.deviceConfiguration().forEach((k, v) -> config.set(k, expression(v)));
        }
        return root;
    }

    private static ObjectNode resource(TemplateResource r) {
        ObjectNode node = NODES.objectNode();
        node.put("Type", r.type().value());
        ObjectNode props = node.putObject("Properties");
        if (r instanceof ThingResource t) {
            props.set("ThingName", expression(t.thingName()));
            if (!t.attributes().isEmpty()) {
                ObjectNode attrs = props.putObject("AttributePayload");
                t.attributes().forEach((k, v) -> attrs.set(k, expression(v)));
            }
            t.thingTypeName().ifPresent(e -> props.set("ThingTypeName", expression(e)));
            if (!t.thingGroups().isEmpty()) {
                ArrayNode groups = props.putArray("ThingGroups");
                t.thingGroups().forEach(g -> groups.add(expression(g)));
            }
            t.billingGroup().ifPresent(e -> props.set("BillingGroup", expression(e)));
        } else if (r instanceof CertificateResource c) {
            c.certificateId().ifPresent(e -> props.set("CertificateId", expression(e)));
            c.certificateSigningRequest().ifPresent(e -> props.set("CertificateSigningRequest", expression(e)));
            c.certificatePem().ifPresent(e -> props.set("CertificatePem", expression(e)));
            c.caCertificatePem().ifPresent(e -> props.set("CACertificatePem", expression(e)));
            c.status().ifPresent(e -> props.set("Status", expression(e)));
        } else if (r instanceof PolicyResource p) {
            p.policyName().ifPresent(e -> props.set("PolicyName", expression(e)));
            p.policyDocument().ifPresent(d -> props.put("PolicyDocument", d.toJson()));
        }
        Map<OverrideProperty, OverrideAction> overrides = r.overrideSettings();
        if (!overrides.isEmpty()) {
            ObjectNode o = node.putObject("OverrideSettings");
            overrides.forEach((k, v) -> o.put(k.propertyName(), v.name()));
        }
        return node;
    }

    /**
     * An expression as JSON.
     *
     * @param e the expression
     * @return the node
     */
    public static JsonNode expression(Expression e) {
        if (e instanceof Expression.Literal l) {
            return NODES.textNode(l.value());
        }
        ObjectNode node = NODES.objectNode();
        if (e instanceof Expression.Ref r) {
            node.put("Ref", r.name());
        } else if (e instanceof Expression.Join j) {
            ArrayNode args = node.putArray("Fn::Join");
            args.add(j.delimiter());
            args.add(list(j.values()));
        } else if (e instanceof Expression.Select s) {
            ArrayNode args = node.putArray("Fn::Select");
            if (s.index() instanceof Expression.Literal l && CompiledTemplate.parseIndex(l.value()) >= 0) {
                args.add(CompiledTemplate.parseIndex(l.value()));
            } else {
                args.add(expression(s.index()));
            }
            args.add(list(s.values()));
        } else if (e instanceof Expression.FindInMap f) {
            ArrayNode args = node.putArray("Fn::FindInMap");
            args.add(expression(f.mapName()));
            args.add(expression(f.topLevelKey()));
            args.add(expression(f.secondLevelKey()));
        } else if (e instanceof Expression.Sub s) {
            if (s.variables().isEmpty()) {
                node.put("Fn::Sub", s.text());
            } else {
                ArrayNode args = node.putArray("Fn::Sub");
                args.add(s.text());
                ObjectNode vars = args.addObject();
                s.variables().forEach((k, v) -> vars.set(k, expression(v)));
            }
        }
        return node;
    }

    private static JsonNode list(ListExpression list) {
        if (list instanceof ListExpression.Split s) {
            ObjectNode node = NODES.objectNode();
            ArrayNode args = node.putArray("Fn::Split");
            args.add(s.delimiter());
            args.add(expression(s.source()));
            return node;
        }
        ArrayNode array = NODES.arrayNode();
        for (Expression item : ((ListExpression.Items) list).items()) {
            array.add(expression(item));
        }
        return array;
    }
}
