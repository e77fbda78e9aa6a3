package io.github.fleetprov.template.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.LintFinding;
import io.github.fleetprov.policy.LintFinding.Severity;
import io.github.fleetprov.policy.PolicyDocumentException;
import io.github.fleetprov.policy.PolicyLinter;
import io.github.fleetprov.template.Expression;
import io.github.fleetprov.template.OverrideAction;
import io.github.fleetprov.template.OverrideProperty;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.PseudoParameter;
import io.github.fleetprov.template.TemplateParseException;
import io.github.fleetprov.template.TemplateType;

/** The template linter's rules, over the JSON tree so that templates the model refuses can be linted too. */
public final class TemplateLint {

    private final TemplateType type;
    private final List<LintFinding> findings = new ArrayList<>();
    private final Map<String, Boolean> declared = new LinkedHashMap<>();
    private final Set<String> referenced = new LinkedHashSet<>();
    private Set<String> mapNames = Set.of();
    private JsonNode mappings;

    private TemplateLint(TemplateType type) {
        this.type = type;
    }

    /**
     * Lints a body.
     *
     * @param json the body
     * @param type the template type
     * @return the findings
     */
    public static List<LintFinding> lint(String json, TemplateType type) {
        TemplateLint lint = new TemplateLint(type);
        TemplateParseException tooLong = TemplateJsonReader.sizeProblem(json);
        if (tooLong != null) {
            return List.of(new LintFinding("body-too-large", Severity.ERROR, "", tooLong.problem(), tooLong.fix()));
        }
        LocatedJson tree;
        try {
            tree = LocatedJson.parse(json, "template body");
        } catch (TemplateParseException e) {
            return List.of(new LintFinding("json-syntax", Severity.ERROR, e.pointer(),
                    "line " + e.line() + ", column " + e.column() + ": " + e.problem(), e.fix()));
        }
        lint.run(json, tree.root());
        if (lint.findings.stream().noneMatch(f -> f.severity() == Severity.ERROR)) {
            try {
                ProvisioningTemplate.fromJson(json, type);
            } catch (TemplateParseException e) {
                lint.add("template-invalid", Severity.ERROR, e.pointer(), e.problem(), e.fix());
            }
        }
        List<LintFinding> out = new ArrayList<>(lint.findings);
        out.sort(Comparator.comparing(LintFinding::severity));
        return List.copyOf(out);
    }

    private void add(String rule, Severity severity, String pointer, String message, String fix) {
        findings.add(new LintFinding(rule, severity, pointer, message, fix));
    }

    private void run(String text, JsonNode root) {
        if (!root.isObject()) {
            return;
        }
        if (type == TemplateType.JITP) {
            for (String section : List.of("Mappings", "DeviceConfiguration")) {
                if (root.has(section)) {
                    add("fleet-only-section", Severity.WARNING, "/" + section, section
                            + " is a fleet provisioning section; JITP has no RegisterThing response to carry it",
                            "Remove it, or use the template for fleet provisioning.");
                }
            }
        }
        JsonNode params = root.get("Parameters");
        if (params != null && params.isObject()) {
            params.fieldNames().forEachRemaining(name -> declared.put(name, Boolean.TRUE));
        }
        mappings = root.get("Mappings");
        if (mappings != null && mappings.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            mappings.fieldNames().forEachRemaining(names::add);
            mapNames = names;
            walk(mappings, "/Mappings", true);
        }
        JsonNode resources = root.get("Resources");
        if (resources != null && resources.isObject()) {
            resources.properties().forEach(e -> resource(e.getKey(), e.getValue()));
        }
        JsonNode config = root.get("DeviceConfiguration");
        if (config != null) {
            walk(config, "/DeviceConfiguration", false);
        }
        declared.keySet().forEach(name -> {
            if (!referenced.contains(name)) {
                boolean certificateField = PseudoParameter.fromName(name).isPresent();
                add("unused-parameter", Severity.WARNING, "/Parameters/" + Expressions.token(name),
                        "the parameter '" + name + "' is declared but never referenced"
                                + (certificateField && type == TemplateType.JITP
                                        ? "; JITP still requires the certificate to carry it" : ""),
                        "Remove it, or Ref it where it is meant to be used.");
            }
        });
    }

    private void resource(String logicalName, JsonNode node) {
        String at = "/Resources/" + Expressions.token(logicalName);
        if (!node.isObject()) {
            return;
        }
        String resourceType = node.path("Type").asText("");
        JsonNode props = node.path("Properties");
        if (props.isObject()) {
            if (resourceType.equals("AWS::IoT::Policy")) {
                props.properties().forEach(e -> {
                    if (!e.getKey().equals("PolicyDocument")) {
                        walk(e.getValue(), at + "/Properties/" + Expressions.token(e.getKey()), false);
                    }
                });
            } else {
                walk(props, at + "/Properties", false);
            }
        }
        switch (resourceType) {
            case "AWS::IoT::Thing":
                thing(at, props);
                break;
            case "AWS::IoT::Certificate":
                certificate(at, props);
                break;
            case "AWS::IoT::Policy":
                policy(at, props);
                break;
            default:
                break;
        }
        JsonNode overrides = node.get("OverrideSettings");
        if (overrides != null && overrides.isObject()) {
            overrides.properties().forEach(e -> override(at, resourceType, props, e.getKey(), e.getValue()));
        }
    }

    private void thing(String at, JsonNode props) {
        JsonNode name = props.get("ThingName");
        if (name == null) {
            add("template-invalid", Severity.ERROR, at + "/Properties", "the thing has no ThingName",
                    "Set ThingName, usually {\"Ref\": \"ThingName\"} or a Fn::Join over a serial number.");
            return;
        }
        Set<String> refs = new LinkedHashSet<>();
        collectRefs(name, refs);
        if (refs.isEmpty()) {
            add("constant-thing-name", Severity.WARNING, at + "/Properties/ThingName",
                    "the thing name " + name + " depends on no parameter, so every device would get the same thing",
                    "Build the name from a parameter, e.g. {\"Fn::Join\": [\"\", [\"Prefix_\", {\"Ref\": \"SerialNumber\"}]]}, "
                            + "or from AWS::IoT::Certificate::Id.");
        }
    }

    private void certificate(String at, JsonNode props) {
        if (type == TemplateType.FLEET_PROVISIONING || type == TemplateType.JITP) {
            for (String other : List.of("CertificateSigningRequest", "CertificatePem", "CACertificatePem")) {
                if (props.has(other)) {
                    add("certificate-source", Severity.ERROR, at + "/Properties/" + other,
                            type + " templates take the certificate only by CertificateId, not " + other,
                            "Use \"CertificateId\": {\"Ref\": \"AWS::IoT::Certificate::Id\"}; CSR and PEM certificates "
                                    + "belong to bulk registration templates.");
                }
            }
        }
        JsonNode status = props.get("Status");
        if (status != null && status.isTextual()) {
            String upper = status.textValue().toUpperCase(Locale.ROOT);
            if (!upper.equals("ACTIVE") && !upper.equals("INACTIVE")) {
                add("template-invalid", Severity.ERROR, at + "/Properties/Status",
                        "'" + status.textValue() + "' is not a certificate status", "Use ACTIVE or INACTIVE.");
            }
        }
    }

    private void policy(String at, JsonNode props) {
        boolean hasName = props.has("PolicyName");
        JsonNode doc = props.get("PolicyDocument");
        if (hasName == (doc != null)) {
            add("policy-name-or-document", Severity.ERROR, at + "/Properties",
                    hasName ? "the policy has both PolicyName and PolicyDocument" : "the policy has neither PolicyName nor PolicyDocument",
                    "Give PolicyName for an existing IoT policy, or PolicyDocument for a new one, not both.");
        }
        if (doc == null) {
            return;
        }
        String docAt = at + "/Properties/PolicyDocument";
        String text;
        if (doc.isTextual()) {
            text = doc.textValue();
        } else if (doc.isObject()) {
            try {
                text = TemplateJsonWriter.MAPPER.writeValueAsString(doc);
            } catch (JsonProcessingException e) {
                return;
            }
            walkFunctionsOnly(doc, docAt);
        } else {
            add("embedded-policy-invalid", Severity.ERROR, docAt, "PolicyDocument is " + doc.getNodeType(),
                    "Give the policy document as an object or an escaped JSON string.");
            return;
        }
        IotPolicy policy;
        try {
            policy = IotPolicy.fromJson(text);
        } catch (PolicyDocumentException e) {
            add("embedded-policy-invalid", Severity.ERROR, docAt, "the embedded policy is not valid: " + e.getMessage(),
                    "Fix the policy document; lint it on its own with the IoT policy linter.");
            return;
        }
        if (policy.sizeWithoutWhitespace() > IotPolicy.MAX_SIZE_WITHOUT_WHITESPACE) {
            add("policy-too-large", Severity.ERROR, docAt, "the embedded policy is " + policy.sizeWithoutWhitespace()
                    + " characters without white space; AWS accepts at most " + IotPolicy.MAX_SIZE_WITHOUT_WHITESPACE,
                    "Split it into several policy resources, or use policy variables to shorten resource lists.");
        }
        embeddedPolicyFindings(policy, docAt);
    }

    private void embeddedPolicyFindings(IotPolicy policy, String docAt) {
        for (LintFinding f : PolicyLinter.lint(policy)) {
            add("embedded-policy/" + f.ruleId(), f.severity(), docAt + f.pointer(), f.message(), f.fix());
        }
    }

    private void override(String at, String resourceType, JsonNode props, String key, JsonNode value) {
        String keyAt = at + "/OverrideSettings/" + Expressions.token(key);
        Optional<OverrideProperty> property = OverrideProperty.fromKey(key);
        if (property.isEmpty() || !property.get().resourceType().value().equals(resourceType)) {
            add("unknown-override", Severity.ERROR, keyAt, "'" + key + "' cannot have an override setting on " + resourceType,
                    "Use AttributePayload, ThingTypeName or ThingGroups on a thing, Status on a certificate; policies have none.");
            return;
        }
        OverrideAction action;
        try {
            action = OverrideAction.valueOf(value.asText("").strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            add("unknown-override", Severity.ERROR, keyAt, "'" + value.asText() + "' is not an override action",
                    "Use DO_NOTHING, REPLACE, FAIL or MERGE.");
            return;
        }
        if (action == OverrideAction.MERGE && !property.get().isMergeAllowed()) {
            add("merge-not-allowed", Severity.ERROR, keyAt, "MERGE is not allowed for " + property.get().propertyName(),
                    "AWS allows MERGE only for a thing's AttributePayload and ThingGroups; use REPLACE, DO_NOTHING or FAIL.");
        }
        if (!props.has(property.get().propertyName())) {
            add("override-without-property", Severity.WARNING, keyAt,
                    "OverrideSettings names " + property.get().propertyName() + ", which the resource does not set",
                    "Set " + property.get().propertyName() + " in Properties, or remove the override setting.");
        }
    }

    private void walkFunctionsOnly(JsonNode node, String at) {
        if (node.isObject()) {
            if (node.size() == 1) {
                String key = node.fieldNames().next();
                if (key.startsWith("Fn::") || key.equals("Ref")) {
                    add("undocumented-function", Severity.ERROR, at + "/" + Expressions.token(key),
                            "'" + key + "' inside a PolicyDocument is not evaluated by AWS",
                            "Policy documents are taken literally; use IoT policy variables such as ${iot:Connection.Thing.ThingName}.");
                }
            }
            node.properties().forEach(e -> walkFunctionsOnly(e.getValue(), at + "/" + Expressions.token(e.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walkFunctionsOnly(node.get(i), at + "/" + i);
            }
        }
    }

    private void walk(JsonNode node, String at, boolean inMappings) {
        if (node.isObject()) {
            if (node.size() == 1) {
                String key = node.fieldNames().next();
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    function(key, node.get(key), at, inMappings);
                    return;
                }
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                walk(e.getValue(), at + "/" + Expressions.token(e.getKey()), inMappings);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), at + "/" + i, inMappings);
            }
        }
    }

    private void function(String fn, JsonNode arg, String at, boolean inMappings) {
        String argAt = at + "/" + Expressions.token(fn);
        if (inMappings) {
            add("template-invalid", Severity.ERROR, argAt, "Mappings cannot contain parameters or intrinsic functions",
                    "Write literal strings in Mappings and look them up with Fn::FindInMap.");
            return;
        }
        if (!TemplateJsonReader.DOCUMENTED_FUNCTIONS.contains(fn)) {
            add("undocumented-function", Severity.ERROR, argAt,
                    "'" + fn + "' is not an intrinsic function AWS documents for provisioning templates",
                    "Use Ref, Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap or Fn::Sub.");
            walk(arg, argAt, false);
            return;
        }
        switch (fn) {
            case "Ref":
                if (arg.isTextual()) {
                    reference(arg.textValue(), argAt);
                }
                return;
            case "Fn::Sub":
                sub(arg, argAt);
                return;
            case "Fn::FindInMap":
                findInMap(arg, argAt);
                break;
            default:
                break;
        }
        walk(arg, argAt, false);
    }

    private void sub(JsonNode arg, String argAt) {
        JsonNode textNode = arg.isArray() ? arg.path(0) : arg;
        String textAt = arg.isArray() ? argAt + "/0" : argAt;
        if (!textNode.isTextual()) {
            walk(arg, argAt, false);
            return;
        }
        String text = textNode.textValue();
        Set<String> own = new LinkedHashSet<>();
        if (arg.isArray() && arg.path(1).isObject()) {
            arg.get(1).fieldNames().forEachRemaining(own::add);
            walk(arg.get(1), argAt + "/1", false);
        }
        List<String> parts;
        try {
            parts = Expression.Sub.parts(text);
        } catch (InvalidInputException e) {
            add("template-invalid", Severity.ERROR, textAt, e.problem(), e.fix());
            return;
        }
        for (int i = 1; i < parts.size(); i += 2) {
            String variable = parts.get(i);
            if (variable.startsWith("iot:") || variable.startsWith("aws:")) {
                add("sub-policy-variable", Severity.ERROR, textAt, "Fn::Sub would take the policy variable ${" + variable
                        + "} as a template variable", "Escape it as ${!" + variable + "} so that the policy receives it literally.");
            } else if (!own.contains(variable)) {
                reference(variable, textAt);
            }
        }
    }

    private void findInMap(JsonNode arg, String argAt) {
        if (!arg.isArray() || arg.size() != 3 || !arg.get(0).isTextual()) {
            return;
        }
        String map = arg.get(0).textValue();
        if (!mapNames.contains(map)) {
            add("unknown-mapping", Severity.ERROR, argAt + "/0", "the mapping '" + map + "' is not declared",
                    "Declare it under Mappings" + (mapNames.isEmpty() ? "." : ", or use one of " + mapNames + "."));
            return;
        }
        JsonNode table = mappings.get(map);
        if (arg.get(1).isTextual()) {
            JsonNode row = table.get(arg.get(1).textValue());
            if (row == null) {
                add("unknown-mapping", Severity.ERROR, argAt + "/1", "the key '" + arg.get(1).textValue()
                        + "' is not in mapping '" + map + "'", "Add it to the mapping or fix the key.");
            } else if (arg.get(2).isTextual() && !row.has(arg.get(2).textValue())) {
                add("unknown-mapping", Severity.ERROR, argAt + "/2", "the key '" + arg.get(2).textValue()
                        + "' is not in mapping '" + map + "' under '" + arg.get(1).textValue() + "'",
                        "Add it to the mapping or fix the key.");
            }
        } else if (arg.get(2).isTextual()) {
            String key = arg.get(2).textValue();
            boolean anywhere = false;
            for (Iterator<JsonNode> it = table.elements(); it.hasNext();) {
                anywhere |= it.next().has(key);
            }
            if (!anywhere) {
                add("unknown-mapping", Severity.ERROR, argAt + "/2", "the key '" + key + "' is under no entry of mapping '"
                        + map + "'", "Add it to the mapping or fix the key.");
            }
        }
    }

    private void reference(String name, String at) {
        referenced.add(name);
        if (declared.containsKey(name)) {
            return;
        }
        Optional<PseudoParameter> pseudo = PseudoParameter.fromName(name);
        if (pseudo.isPresent() && pseudo.get().isAvailableIn(type)) {
            return;
        }
        add("undeclared-ref", Severity.ERROR, at, "'" + name + "' is not a declared parameter"
                + (pseudo.isPresent() ? " (AWS fills it in only for JITP templates)" : ""),
                "Declare it under Parameters: \"" + name + "\": {\"Type\": \"String\"}.");
    }

    private static void collectRefs(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            if (node.has("Ref") && node.get("Ref").isTextual()) {
                out.add(node.get("Ref").textValue());
            }
            if (node.has("Fn::Sub")) {
                JsonNode arg = node.get("Fn::Sub");
                JsonNode text = arg.isArray() ? arg.path(0) : arg;
                if (text.isTextual() && text.textValue().contains("${") && !text.textValue().contains("${!")) {
                    out.add("Fn::Sub");
                }
            }
            node.elements().forEachRemaining(e -> collectRefs(e, out));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(e -> collectRefs(e, out));
        }
    }
}
