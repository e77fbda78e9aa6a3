package io.github.fleetprov.template.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.policy.internal.DocumentSize;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.PolicyDocumentException;
import io.github.fleetprov.template.CertificateResource;
import io.github.fleetprov.template.Expression;
import io.github.fleetprov.template.ListExpression;
import io.github.fleetprov.template.OverrideAction;
import io.github.fleetprov.template.OverrideProperty;
import io.github.fleetprov.template.PolicyResource;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.ResourceType;
import io.github.fleetprov.template.TemplateParameter;
import io.github.fleetprov.template.TemplateParseException;
import io.github.fleetprov.template.TemplateResource;
import io.github.fleetprov.template.TemplateType;
import io.github.fleetprov.template.ThingResource;

/**
 * Reads template bodies as AWS documents and accepts them: policy documents as objects or escaped
 * strings, {@code Status} in any casing, {@code OverrideSettings} keys as property names or
 * constants. Every error names the JSON pointer, line and column.
 */
public final class TemplateJsonReader {

    /** The intrinsic functions AWS documents for provisioning templates. */
    public static final Set<String> DOCUMENTED_FUNCTIONS =
            Set.of("Ref", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::FindInMap", "Fn::Sub");

    private static final Set<String> SECTIONS = Set.of("Parameters", "Mappings", "Resources", "DeviceConfiguration");

    private final LocatedJson json;

    private TemplateJsonReader(LocatedJson json) {
        this.json = json;
    }

    /**
     * Reads a template body.
     *
     * @param text the body
     * @param type the template type
     * @return the template
     * @throws TemplateParseException on any problem
     */
    public static ProvisioningTemplate read(String text, TemplateType type) {
        TemplateParseException tooLong = sizeProblem(text);
        if (tooLong != null) {
            throw tooLong;
        }
        LocatedJson json = LocatedJson.parse(text, "template body");
        return new TemplateJsonReader(json).template(type);
    }

    /**
     * The length check of a template body, done on the text before parsing. AWS IoT takes a
     * {@code templateBody} of at most {@value ProvisioningTemplate#MAX_BODY_LENGTH} characters
     * (CreateProvisioningTemplate, CreateProvisioningTemplateVersion and StartThingRegistrationTask:
     * templateBody length constraint, white space included).
     *
     * @param text the body
     * @return the exception to throw, or {@code null} if the body is short enough
     */
    public static TemplateParseException sizeProblem(String text) {
        if (text.length() <= ProvisioningTemplate.MAX_BODY_LENGTH) {
            return null;
        }
        return new TemplateParseException("", 0, 0, "the template body is "
                + DocumentSize.format(text.length()) + " characters long; AWS IoT accepts at most "
                + DocumentSize.format(ProvisioningTemplate.MAX_BODY_LENGTH),
                "Reference existing policies by PolicyName instead of embedding documents, drop unused "
                        + "parameters and mappings, and remove indentation.", null);
    }

    private ProvisioningTemplate template(TemplateType type) {
        try {
            return readTemplate(type);
        } catch (TemplateParseException e) {
            throw e;
        } catch (InvalidInputException e) {
            String pointer = e.field().startsWith("/") ? e.field() : "";
            throw json.error(pointer, e.problem(), e.fix(), e);
        }
    }

    private ProvisioningTemplate readTemplate(TemplateType type) {
        JsonNode root = json.root();
        requireObject(root, "", "the template body");
        ProvisioningTemplate.Builder b = ProvisioningTemplate.builder().type(type);
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String section = it.next();
            if (!SECTIONS.contains(section)) {
                throw json.error("/" + Expressions.token(section), "'" + section + "' is not a template section",
                        "Use only Parameters, Mappings, Resources and DeviceConfiguration.", null);
            }
        }
        JsonNode params = root.get("Parameters");
        if (params != null) {
            requireObject(params, "/Parameters", "Parameters");
            params.properties().forEach(e -> b.addParameter(parameter(e.getKey(), e.getValue())));
        }
        JsonNode mappings = root.get("Mappings");
        if (mappings != null) {
            readMappings(mappings, b);
        }
        JsonNode resources = root.get("Resources");
        if (resources == null) {
            throw json.error("", "the Resources section is missing", "Declare at least a thing or a certificate under Resources.", null);
        }
        requireObject(resources, "/Resources", "Resources");
        {
            resources.properties().forEach(e -> b.addResource(resource(e.getKey(), e.getValue())));
            JsonNode config = root.get("DeviceConfiguration");
            if (config != null) {
                requireObject(config, "/DeviceConfiguration", "DeviceConfiguration");
                config.properties().forEach(e -> {
                    String at = "/DeviceConfiguration/" + Expressions.token(e.getKey());
                    if (e.getValue().isObject() && !isFunction(e.getValue())) {
                        throw json.error(at, "DeviceConfiguration does not support nested objects",
                                "Give a string value, or an intrinsic function that yields one.", null);
                    }
                    b.deviceConfiguration(e.getKey(), expression(e.getValue(), at));
                });
            }
            return b.build();
        }
    }

    private TemplateParameter parameter(String name, JsonNode node) {
        String at = "/Parameters/" + Expressions.token(name);
        requireObject(node, at, "a parameter");
        node.fieldNames().forEachRemaining(k -> {
            if (!k.equals("Type") && !k.equals("Default")) {
                throw json.error(at + "/" + Expressions.token(k), "'" + k + "' is not a parameter attribute",
                        "A parameter has Type and optionally Default.", null);
            }
        });
        JsonNode type = node.get("Type");
        if (type == null) {
            throw json.error(at, "the parameter '" + name + "' has no Type", "Add \"Type\": \"String\".", null);
        }
        if (!type.isTextual() || !type.textValue().equals(TemplateParameter.STRING)) {
            throw json.error(at + "/Type", "type " + type + " is not supported",
                    "Provisioning template parameters are of Type \"String\".", null);
        }
        JsonNode def = node.get("Default");
        if (def == null) {
            return TemplateParameter.string(name);
        }
        if (!def.isTextual()) {
            throw json.error(at + "/Default", "the default must be a string", "Quote the value.", null);
        }
        return TemplateParameter.string(name, def.textValue());
    }

    private void readMappings(JsonNode mappings, ProvisioningTemplate.Builder b) {
        requireObject(mappings, "/Mappings", "Mappings");
        mappings.properties().forEach(map -> {
            String mapAt = "/Mappings/" + Expressions.token(map.getKey());
            requireObject(map.getValue(), mapAt, "a mapping");
            map.getValue().properties().forEach(top -> {
                String topAt = mapAt + "/" + Expressions.token(top.getKey());
                requireObject(top.getValue(), topAt, "a mapping entry");
                top.getValue().properties().forEach(second -> {
                    String at = topAt + "/" + Expressions.token(second.getKey());
                    if (!second.getValue().isTextual()) {
                        throw json.error(at, "mapping values must be strings"
                                + (second.getValue().isObject() ? " (no parameters or intrinsic functions in Mappings)" : ""),
                                "Write the value as a string.", null);
                    }
                    b.addMapping(map.getKey(), top.getKey(), second.getKey(), second.getValue().textValue());
                });
            });
        });
    }

    private TemplateResource resource(String logicalName, JsonNode node) {
        String at = "/Resources/" + Expressions.token(logicalName);
        requireObject(node, at, "a resource");
        node.fieldNames().forEachRemaining(k -> {
            if (!k.equals("Type") && !k.equals("Properties") && !k.equals("OverrideSettings")) {
                throw json.error(at + "/" + Expressions.token(k), "'" + k + "' is not a resource attribute",
                        "A resource has Type, Properties and optionally OverrideSettings.", null);
            }
        });
        JsonNode typeNode = node.get("Type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw json.error(at + "/Type", "the resource '" + logicalName + "' has no Type string",
                    "Use AWS::IoT::Thing, AWS::IoT::Certificate or AWS::IoT::Policy.", null);
        }
        ResourceType type = ResourceType.create(typeNode.textValue());
        JsonNode props = node.get("Properties");
        if (props == null) {
            throw json.error(at, "the resource '" + logicalName + "' has no Properties", "Add its Properties.", null);
        }
        requireObject(props, at + "/Properties", "Properties");
        Map<OverrideProperty, OverrideAction> overrides = overrides(node.get("OverrideSettings"), at);
        if (type.equals(ResourceType.THING)) {
            return thing(logicalName, props, at + "/Properties", overrides);
        }
        if (type.equals(ResourceType.CERTIFICATE)) {
            return certificate(logicalName, props, at + "/Properties", overrides);
        }
        if (type.equals(ResourceType.POLICY)) {
            if (!overrides.isEmpty()) {
                throw json.error(at + "/OverrideSettings", "policy resources have no OverrideSettings",
                        "Remove OverrideSettings from the policy.", null);
            }
            return policy(logicalName, props, at + "/Properties");
        }
        throw json.error(at + "/Type", "'" + type.value() + "' is not a provisioning template resource type",
                "Use AWS::IoT::Thing, AWS::IoT::Certificate or AWS::IoT::Policy.", null);
    }

    private Map<OverrideProperty, OverrideAction> overrides(JsonNode node, String resourceAt) {
        Map<OverrideProperty, OverrideAction> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        String at = resourceAt + "/OverrideSettings";
        requireObject(node, at, "OverrideSettings");
        node.properties().forEach(e -> {
            String keyAt = at + "/" + Expressions.token(e.getKey());
            OverrideProperty property = OverrideProperty.fromKey(e.getKey()).orElseThrow(() -> json.error(keyAt,
                    "'" + e.getKey() + "' cannot have an override setting",
                    "Use AttributePayload, ThingTypeName or ThingGroups for a thing, Status for a certificate.", null));
            if (!e.getValue().isTextual()) {
                throw json.error(keyAt, "the override action must be a string", "Use DO_NOTHING, REPLACE, FAIL or MERGE.", null);
            }
            OverrideAction action;
            try {
                action = OverrideAction.valueOf(e.getValue().textValue().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw json.error(keyAt, "'" + e.getValue().textValue() + "' is not an override action",
                        "Use DO_NOTHING, REPLACE, FAIL or MERGE.", ex);
            }
            out.put(property, action);
        });
        return out;
    }

    private ThingResource thing(String logicalName, JsonNode props, String at,
            Map<OverrideProperty, OverrideAction> overrides) {
        allowOnly(props, at, List.of("ThingName", "AttributePayload", "ThingTypeName", "ThingGroups", "BillingGroup"),
                "AWS::IoT::Thing");
        ThingResource.Builder b = ThingResource.builder().logicalName(logicalName);
        JsonNode name = props.get("ThingName");
        if (name != null) {
            b.thingName(expression(name, at + "/ThingName"));
        }
        JsonNode attrs = props.get("AttributePayload");
        if (attrs != null) {
            requireObject(attrs, at + "/AttributePayload", "AttributePayload");
            attrs.properties().forEach(e -> b.attribute(e.getKey(),
                    expression(e.getValue(), at + "/AttributePayload/" + Expressions.token(e.getKey()))));
        }
        optional(props, "ThingTypeName", at).ifPresent(b::thingTypeName);
        JsonNode groups = props.get("ThingGroups");
        if (groups != null) {
            if (!groups.isArray()) {
                throw json.error(at + "/ThingGroups", "ThingGroups must be a list", "Write [\"group\", ...].", null);
            }
            for (int i = 0; i < groups.size(); i++) {
                b.addThingGroup(expression(groups.get(i), at + "/ThingGroups/" + i));
            }
        }
        optional(props, "BillingGroup", at).ifPresent(b::billingGroup);
        overrides.forEach(b::override);
        return b.build();
    }

    private CertificateResource certificate(String logicalName, JsonNode props, String at,
            Map<OverrideProperty, OverrideAction> overrides) {
        allowOnly(props, at, List.of("CertificateId", "CertificateSigningRequest", "CertificatePem", "CACertificatePem",
                "Status"), "AWS::IoT::Certificate");
        CertificateResource.Builder b = CertificateResource.builder().logicalName(logicalName);
        optional(props, "CertificateId", at).ifPresent(b::certificateId);
        optional(props, "CertificateSigningRequest", at).ifPresent(b::certificateSigningRequest);
        optional(props, "CertificatePem", at).ifPresent(b::certificatePem);
        optional(props, "CACertificatePem", at).ifPresent(b::caCertificatePem);
        optional(props, "Status", at).ifPresent(b::status);
        overrides.forEach(b::override);
        return b.build();
    }

    private PolicyResource policy(String logicalName, JsonNode props, String at) {
        allowOnly(props, at, List.of("PolicyName", "PolicyDocument"), "AWS::IoT::Policy");
        PolicyResource.Builder b = PolicyResource.builder().logicalName(logicalName);
        optional(props, "PolicyName", at).ifPresent(b::policyName);
        JsonNode doc = props.get("PolicyDocument");
        if (doc != null) {
            String docAt = at + "/PolicyDocument";
            String text;
            if (doc.isTextual()) {
                text = doc.textValue();
            } else if (doc.isObject() && !isFunction(doc)) {
                try {
                    text = TemplateJsonWriter.MAPPER.writeValueAsString(doc);
                } catch (JsonProcessingException e) {
                    throw json.error(docAt, "the policy document cannot be written back: " + e.getOriginalMessage(),
                            "Give the document as an escaped JSON string.", e);
                }
            } else {
                throw json.error(docAt, "PolicyDocument must be a policy object or a JSON string",
                        "Give the document itself; intrinsic functions are not supported here.", null);
            }
            try {
                b.policyDocument(IotPolicy.fromJson(text));
            } catch (PolicyDocumentException e) {
                throw json.error(docAt, "the policy document is not valid: " + e.getMessage(),
                        "Fix the policy document.", e);
            }
        }
        return b.build();
    }

    private void allowOnly(JsonNode props, String at, List<String> allowed, String type) {
        props.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw json.error(at + "/" + Expressions.token(k), "'" + k + "' is not a property of " + type,
                        "Use " + String.join(", ", allowed) + ".", null);
            }
        });
    }

    private Optional<Expression> optional(JsonNode props, String name, String at) {
        JsonNode node = props.get(name);
        return node == null ? Optional.empty() : Optional.of(expression(node, at + "/" + name));
    }

    private static boolean isFunction(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return false;
        }
        String key = node.fieldNames().next();
        return key.equals("Ref") || key.startsWith("Fn::");
    }

    /**
     * Reads a string-valued expression.
     *
     * @param node the JSON value
     * @param at its pointer
     * @return the expression
     */
    Expression expression(JsonNode node, String at) {
        if (node.isTextual()) {
            return Expression.literal(node.textValue());
        }
        if (!isFunction(node)) {
            throw json.error(at, "expected a string or an intrinsic function, found " + describe(node),
                    "Write the value as a string, or use Ref, Fn::Join, Fn::Select, Fn::FindInMap or Fn::Sub.", null);
        }
        String fn = node.fieldNames().next();
        JsonNode arg = node.get(fn);
        String argAt = at + "/" + fn;
        switch (fn) {
            case "Ref":
                if (!arg.isTextual() || arg.textValue().isEmpty()) {
                    throw json.error(argAt, "Ref takes a parameter name", "Write {\"Ref\": \"ParameterName\"}.", null);
                }
                return Expression.ref(arg.textValue());
            case "Fn::Join": {
                requireArgs(arg, argAt, 2, "[\"delimiter\", [values...]]");
                if (!arg.get(0).isTextual()) {
                    throw json.error(argAt + "/0", "the Fn::Join delimiter must be a string", "Use e.g. \"\" or \"-\".", null);
                }
                return Expression.join(arg.get(0).textValue(), list(arg.get(1), argAt + "/1"));
            }
            case "Fn::Select": {
                requireArgs(arg, argAt, 2, "[index, [values...]]");
                JsonNode index = arg.get(0);
                Expression indexExpression;
                if (index.isIntegralNumber()) {
                    if (index.bigIntegerValue().signum() < 0 || !index.canConvertToInt()) {
                        throw json.error(argAt + "/0", "index " + index + " is not a valid index", "Use a zero-based index.", null);
                    }
                    indexExpression = Expression.literal(Integer.toString(index.intValue()));
                } else {
                    indexExpression = expression(index, argAt + "/0");
                }
                return Expression.select(indexExpression, list(arg.get(1), argAt + "/1"));
            }
            case "Fn::FindInMap": {
                requireArgs(arg, argAt, 3, "[\"MapName\", \"TopLevelKey\", \"SecondLevelKey\"]");
                return Expression.findInMap(expression(arg.get(0), argAt + "/0"), expression(arg.get(1), argAt + "/1"),
                        expression(arg.get(2), argAt + "/2"));
            }
            case "Fn::Sub": {
                try {
                    if (arg.isTextual()) {
                        return Expression.sub(arg.textValue());
                    }
                    requireArgs(arg, argAt, 2, "\"text\" or [\"text\", {\"Var\": value}]");
                    if (!arg.get(0).isTextual()) {
                        throw json.error(argAt + "/0", "the Fn::Sub text must be a string", "Give the text first.", null);
                    }
                    requireObject(arg.get(1), argAt + "/1", "the Fn::Sub variable map");
                    Map<String, Expression> vars = new LinkedHashMap<>();
                    arg.get(1).properties().forEach(e -> vars.put(e.getKey(),
                            expression(e.getValue(), argAt + "/1/" + Expressions.token(e.getKey()))));
                    return Expression.sub(arg.get(0).textValue(), vars);
                } catch (TemplateParseException e) {
                    throw e;
                } catch (InvalidInputException e) {
                    throw json.error(argAt, e.problem(), e.fix(), e);
                }
            }
            case "Fn::Split":
                throw json.error(at, "Fn::Split yields a list, not a string",
                        "Use it inside Fn::Select or Fn::Join, e.g. {\"Fn::Select\": [0, {\"Fn::Split\": [\",\", ...]}]}.", null);
            default:
                throw json.error(at, "'" + fn + "' is not an intrinsic function that AWS documents for provisioning templates",
                        "Use Ref, Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap or Fn::Sub.", null);
        }
    }

    private ListExpression list(JsonNode node, String at) {
        if (node.isArray()) {
            List<Expression> items = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                items.add(expression(node.get(i), at + "/" + i));
            }
            return ListExpression.of(items);
        }
        if (node.isObject() && node.size() == 1 && node.has("Fn::Split")) {
            JsonNode arg = node.get("Fn::Split");
            String argAt = at + "/Fn::Split";
            requireArgs(arg, argAt, 2, "[\"delimiter\", \"text\"]");
            if (!arg.get(0).isTextual() || arg.get(0).textValue().isEmpty()) {
                throw json.error(argAt + "/0", "the Fn::Split delimiter must be a non-empty string", "Use e.g. \",\".", null);
            }
            return ListExpression.split(arg.get(0).textValue(), expression(arg.get(1), argAt + "/1"));
        }
        throw json.error(at, "expected a list or Fn::Split, found " + describe(node),
                "Write a JSON array of values, or {\"Fn::Split\": [\"delimiter\", value]}.", null);
    }

    private void requireArgs(JsonNode arg, String at, int count, String shape) {
        if (!arg.isArray() || arg.size() != count) {
            throw json.error(at, "expected " + count + " arguments " + shape + ", found " + describe(arg),
                    "Write the arguments as " + shape + ".", null);
        }
    }

    private void requireObject(JsonNode node, String at, String what) {
        if (!node.isObject()) {
            throw json.error(at, what + " must be a JSON object, found " + describe(node), "Write it as {...}.", null);
        }
    }

    private static String describe(JsonNode node) {
        if (node.isArray()) {
            return "a list of " + node.size();
        }
        if (node.isObject()) {
            return node.size() == 1 ? "an object with key '" + node.fieldNames().next() + "'" : "an object";
        }
        if (node.isNumber()) {
            return "the number " + node;
        }
        if (node.isBoolean()) {
            return "the boolean " + node;
        }
        if (node.isNull()) {
            return "null";
        }
        return "a string";
    }
}
