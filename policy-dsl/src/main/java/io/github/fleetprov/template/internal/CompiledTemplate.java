package io.github.fleetprov.template.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import io.github.fleetprov.template.CertificateContext;
import io.github.fleetprov.template.CertificateResource;
import io.github.fleetprov.template.CertificateStatus;
import io.github.fleetprov.template.Expression;
import io.github.fleetprov.template.ListExpression;
import io.github.fleetprov.template.OverrideAction;
import io.github.fleetprov.template.OverrideProperty;
import io.github.fleetprov.template.PlannedPolicy;
import io.github.fleetprov.template.PolicyResource;
import io.github.fleetprov.template.ProvisioningPlan;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.PseudoParameter;
import io.github.fleetprov.template.TemplateEvaluationException;
import io.github.fleetprov.template.TemplateParameter;
import io.github.fleetprov.template.TemplateType;
import io.github.fleetprov.template.ThingResource;

/**
 * A template compiled for evaluation: parameters resolved to array slots, expressions turned into
 * small closures, literal values and policy documents prepared once. Thread-safe.
 */
public final class CompiledTemplate {

    /**
     * The most characters of parameter names and values one evaluation takes: 128 KiB, the AWS IoT
     * Core message size limit that bounds the RegisterThing request carrying them ("AWS IoT Core
     * endpoints and quotas", message broker payload size).
     */
    public static final int MAX_PARAMETERS_LENGTH = 128 * 1024;

    /** Evaluates a string expression against the parameter values of one request. */
    @FunctionalInterface
    interface Str {
        String eval(String[] values);
    }

    /** Evaluates a list expression. */
    @FunctionalInterface
    interface Lst {
        List<String> eval(String[] values);
    }

    private final TemplateType type;
    private final String[] slotNames;
    private final String[] defaults;
    private final PseudoParameter[] pseudo;
    private final boolean[] declared;
    private final Map<String, Map<String, Map<String, String>>> mappings;

    private Str thingName;
    private String[] attributeNames = new String[0];
    private String[] attributePointers = new String[0];
    private Str[] attributeValues = new Str[0];
    private Str thingTypeName;
    private Str[] thingGroups = new Str[0];
    private Str billingGroup;
    private final Map<OverrideProperty, OverrideAction> overrides = new LinkedHashMap<>();
    private Str certificateId;
    private Str csr;
    private Str certificatePem;
    private Str caCertificatePem;
    private Str status;
    private CertificateStatus fixedStatus = CertificateStatus.ACTIVE;
    private final List<PolicyResource> policyResources = new ArrayList<>();
    private final List<Str> policyNames = new ArrayList<>();
    private final List<PlannedPolicy> fixedPolicies = new ArrayList<>();
    private String[] configKeys = new String[0];
    private Str[] configValues = new Str[0];
    /** Literal attribute values (by index), or null where the value is an expression. */
    private String[] attributeConstants = new String[0];
    /** What is wrong with each attribute name (AWS's rules), or null; names are fixed in the template. */
    private String[] attributeNameProblems = new String[0];
    /** Literal device configuration values (by index), or null where the value is an expression. */
    private String[] configConstants = new String[0];
    private boolean constantAttributes;
    private boolean constantConfiguration;
    private boolean constantPolicies;
    /**
     * The part of every plan that does not depend on the request: template type, override settings,
     * fixed certificate status, and the attributes, policies and device configuration when all of
     * theirs are literal. Each evaluation starts from it and copies only what it changes.
     */
    private ProvisioningPlan base;

    private CompiledTemplate(ProvisioningTemplate t) {
        this.type = t.type();
        this.mappings = t.mappings();
        List<String> names = new ArrayList<>(t.parameters().keySet());
        Expressions.forEachSlot(t, (slot, e) -> Expressions.forEachNested(slot, e, (p, nested) -> {
            for (String ref : refsOf(nested)) {
                if (!names.contains(ref)) {
                    names.add(ref);
                }
            }
        }));
        int n = names.size();
        slotNames = names.toArray(new String[0]);
        defaults = new String[n];
        pseudo = new PseudoParameter[n];
        declared = new boolean[n];
        for (int i = 0; i < n; i++) {
            TemplateParameter declaredParameter = t.parameters().get(slotNames[i]);
            declared[i] = declaredParameter != null;
            if (declaredParameter != null) {
                defaults[i] = declaredParameter.defaultValue().orElse(null);
            }
            Optional<PseudoParameter> p = PseudoParameter.fromName(slotNames[i]);
            if (p.isPresent() && p.get().isAvailableIn(type)) {
                pseudo[i] = p.get();
            }
        }
    }

    private static List<String> refsOf(Expression e) {
        if (e instanceof Expression.Ref r) {
            return List.of(r.name());
        }
        if (e instanceof Expression.Sub s) {
            List<String> out = new ArrayList<>();
            for (String v : s.variableNames()) {
                if (!s.variables().containsKey(v)) {
                    out.add(v);
                }
            }
            return out;
        }
        return List.of();
    }

    /**
     * Compiles a template.
     *
     * @param t the template
     * @return the compiled form
     */
    public static CompiledTemplate compile(ProvisioningTemplate t) {
        CompiledTemplate c = new CompiledTemplate(t);
        t.thing().ifPresent(c::compileThing);
        t.certificate().ifPresent(c::compileCertificate);
        for (PolicyResource p : t.policies()) {
            c.compilePolicy(p);
        }
        int n = t.deviceConfiguration().size();
        c.configKeys = new String[n];
        c.configValues = new Str[n];
        c.configConstants = new String[n];
        int i = 0;
        for (Map.Entry<String, Expression> e : t.deviceConfiguration().entrySet()) {
            c.configKeys[i] = e.getKey();
            c.configValues[i] = c.str(e.getValue(), "/DeviceConfiguration/" + Expressions.token(e.getKey()));
            c.configConstants[i] = e.getValue() instanceof Expression.Literal l ? l.value() : null;
            i++;
        }
        c.base = c.basePlan();
        return c;
    }

    /** The request-independent part of every plan; see {@link #base}. */
    private ProvisioningPlan basePlan() {
        ProvisioningPlan.Builder plan = ProvisioningPlan.builder().templateType(type);
        overrides.forEach(plan::override);
        if (status == null) {
            plan.certificateStatus(fixedStatus);
        }
        constantAttributes = thingName != null && allSet(attributeConstants);
        for (String problem : attributeNameProblems) {
            constantAttributes &= problem == null;
        }
        for (int i = 0; constantAttributes && i < attributeConstants.length; i++) {
            constantAttributes = Names.ATTRIBUTE_VALUE.check(attributeConstants[i]) == null;
        }
        if (constantAttributes) {
            for (int i = 0; i < attributeNames.length; i++) {
                plan.attribute(attributeNames[i], attributeConstants[i]);
            }
        }
        constantPolicies = true;
        for (PlannedPolicy fixed : fixedPolicies) {
            constantPolicies &= fixed != null;
        }
        if (constantPolicies) {
            fixedPolicies.forEach(plan::addPolicy);
        }
        constantConfiguration = allSet(configConstants);
        if (constantConfiguration) {
            for (int i = 0; i < configKeys.length; i++) {
                plan.deviceConfiguration(configKeys[i], configConstants[i]);
            }
        }
        return plan.build();
    }

    private static boolean allSet(String[] values) {
        for (String v : values) {
            if (v == null) {
                return false;
            }
        }
        return true;
    }

    private void compileThing(ThingResource thing) {
        String at = "/Resources/" + Expressions.token(thing.logicalName()) + "/Properties/";
        thingName = checked(str(thing.thingName(), at + "ThingName"), at + "ThingName", "thing name", Names.THING);
        int n = thing.attributes().size();
        attributeNames = new String[n];
        attributePointers = new String[n];
        attributeValues = new Str[n];
        attributeConstants = new String[n];
        attributeNameProblems = new String[n];
        int i = 0;
        for (Map.Entry<String, Expression> e : thing.attributes().entrySet()) {
            String p = at + "AttributePayload/" + Expressions.token(e.getKey());
            attributeNames[i] = e.getKey();
            attributePointers[i] = p;
            attributeValues[i] = checked(str(e.getValue(), p), p, "attribute value", Names.ATTRIBUTE_VALUE);
            attributeConstants[i] = e.getValue() instanceof Expression.Literal l ? l.value() : null;
            attributeNameProblems[i] = Names.ATTRIBUTE_NAME.check(e.getKey());
            i++;
        }
        thingTypeName = thing.thingTypeName()
                .map(e -> checked(str(e, at + "ThingTypeName"), at + "ThingTypeName", "thing type name", Names.THING))
                .orElse(null);
        thingGroups = new Str[thing.thingGroups().size()];
        for (int g = 0; g < thingGroups.length; g++) {
            String p = at + "ThingGroups/" + g;
            thingGroups[g] = checked(str(thing.thingGroups().get(g), p), p, "thing group name", Names.THING);
        }
        billingGroup = thing.billingGroup()
                .map(e -> checked(str(e, at + "BillingGroup"), at + "BillingGroup", "billing group name", Names.THING))
                .orElse(null);
        overrides.putAll(thing.overrideSettings());
    }

    private void compileCertificate(CertificateResource c) {
        String at = "/Resources/" + Expressions.token(c.logicalName()) + "/Properties/";
        certificateId = c.certificateId().map(e -> str(e, at + "CertificateId")).orElse(null);
        csr = c.certificateSigningRequest().map(e -> str(e, at + "CertificateSigningRequest")).orElse(null);
        certificatePem = c.certificatePem().map(e -> str(e, at + "CertificatePem")).orElse(null);
        caCertificatePem = c.caCertificatePem().map(e -> str(e, at + "CACertificatePem")).orElse(null);
        Optional<Expression> s = c.status();
        if (s.isPresent() && s.get() instanceof Expression.Literal lit) {
            fixedStatus = CertificateStatus.parse(lit.value()).orElseThrow();
        } else if (s.isPresent()) {
            status = str(s.get(), at + "Status");
        }
        overrides.putAll(c.overrideSettings());
    }

    private void compilePolicy(PolicyResource p) {
        String at = "/Resources/" + Expressions.token(p.logicalName()) + "/Properties/PolicyName";
        policyResources.add(p);
        if (p.policyDocument().isPresent()) {
            policyNames.add(null);
            fixedPolicies.add(PlannedPolicy.document(p.logicalName(), p.policyDocument().get()));
        } else {
            Expression name = p.policyName().orElseThrow();
            if (name instanceof Expression.Literal lit) {
                policyNames.add(null);
                fixedPolicies.add(PlannedPolicy.named(p.logicalName(), lit.value()));
            } else {
                policyNames.add(checked(str(name, at), at, "policy name", Names.POLICY));
                fixedPolicies.add(null);
            }
        }
    }

    private static Str checked(Str s, String pointer, String what, Names rule) {
        return values -> {
            String v = s.eval(values);
            String problem = rule.check(v);
            if (problem != null) {
                throw invalid(pointer, "The " + what + " at " + pointer + " evaluates to '" + v + "', which " + problem);
            }
            return v;
        };
    }

    private Str str(Expression e, String pointer) {
        if (e instanceof Expression.Literal l) {
            String v = l.value();
            return values -> v;
        }
        if (e instanceof Expression.Ref r) {
            int slot = slot(r.name());
            return values -> values[slot];
        }
        if (e instanceof Expression.Join j) {
            String delimiter = j.delimiter();
            if (j.values() instanceof ListExpression.Items items) {
                Str[] parts = new Str[items.items().size()];
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = str(items.items().get(i), pointer + "/Fn::Join/1/" + i);
                }
                if (parts.length == 1) {
                    return parts[0];
                }
                if (parts.length == 2 && delimiter.isEmpty()) {
                    Str first = parts[0];
                    Str second = parts[1];
                    return values -> first.eval(values).concat(second.eval(values));
                }
                return values -> {
                    StringBuilder sb = new StringBuilder(64);
                    for (int i = 0; i < parts.length; i++) {
                        if (i > 0) {
                            sb.append(delimiter);
                        }
                        sb.append(parts[i].eval(values));
                    }
                    return sb.toString();
                };
            }
            Lst list = lst(j.values(), pointer + "/Fn::Join/1");
            return values -> String.join(delimiter, list.eval(values));
        }
        if (e instanceof Expression.Select s) {
            return select(s, pointer);
        }
        if (e instanceof Expression.FindInMap f) {
            return findInMap(f, pointer);
        }
        if (e instanceof Expression.Sub s) {
            return sub(s, pointer);
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    private Str select(Expression.Select s, String pointer) {
        String indexAt = pointer + "/Fn::Select/0";
        Str index = str(s.index(), indexAt);
        if (s.values() instanceof ListExpression.Items items) {
            Str[] parts = new Str[items.items().size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = str(items.items().get(i), pointer + "/Fn::Select/1/" + i);
            }
            return values -> parts[index(index.eval(values), parts.length, indexAt)].eval(values);
        }
        Lst list = lst(s.values(), pointer + "/Fn::Select/1");
        return values -> {
            List<String> l = list.eval(values);
            return l.get(index(index.eval(values), l.size(), indexAt));
        };
    }

    private static int index(String text, int size, String pointer) {
        int i = parseIndex(text);
        if (i < 0) {
            throw invalid(pointer, "Fn::Select at " + pointer + ": index '" + text + "' is not a whole number of 0 or more");
        }
        if (i >= size) {
            throw invalid(pointer, "Fn::Select at " + pointer + ": index " + i + " is out of range for a list of "
                    + size + (size == 1 ? " value" : " values"));
        }
        return i;
    }

    /**
     * Reads a decimal index.
     *
     * @param text the text
     * @return the index, or -1 if the text is not a decimal number of 0 or more that fits an int
     */
    static int parseIndex(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private Str findInMap(Expression.FindInMap f, String pointer) {
        Str map = str(f.mapName(), pointer + "/Fn::FindInMap/0");
        Str top = str(f.topLevelKey(), pointer + "/Fn::FindInMap/1");
        Str second = str(f.secondLevelKey(), pointer + "/Fn::FindInMap/2");
        Map<String, Map<String, Map<String, String>>> maps = mappings;
        return values -> {
            String mapName = map.eval(values);
            Map<String, Map<String, String>> table = maps.get(mapName);
            if (table == null) {
                throw invalid(pointer + "/Fn::FindInMap/0", "Fn::FindInMap at " + pointer + ": mapping '" + mapName
                        + "' is not declared in Mappings");
            }
            String k1 = top.eval(values);
            Map<String, String> row = table.get(k1);
            if (row == null) {
                throw invalid(pointer + "/Fn::FindInMap/1", "Fn::FindInMap at " + pointer + ": key '" + k1
                        + "' is not in mapping '" + mapName + "' (keys: " + table.keySet() + ")");
            }
            String k2 = second.eval(values);
            String v = row.get(k2);
            if (v == null) {
                throw invalid(pointer + "/Fn::FindInMap/2", "Fn::FindInMap at " + pointer + ": key '" + k2
                        + "' is not in mapping '" + mapName + "' under '" + k1 + "' (keys: " + row.keySet() + ")");
            }
            return v;
        };
    }

    private Str sub(Expression.Sub s, String pointer) {
        List<String> parts = Expression.Sub.parts(s.text());
        int n = parts.size();
        Str[] compiled = new Str[n];
        for (int i = 0; i < n; i++) {
            String part = parts.get(i);
            if (i % 2 == 0) {
                compiled[i] = values -> part;
            } else {
                Expression own = s.variables().get(part);
                if (own != null) {
                    compiled[i] = str(own, pointer + "/Fn::Sub/1/" + Expressions.token(part));
                } else {
                    int slot = slot(part);
                    compiled[i] = values -> values[slot];
                }
            }
        }
        return values -> {
            StringBuilder sb = new StringBuilder();
            for (Str c : compiled) {
                sb.append(c.eval(values));
            }
            return sb.toString();
        };
    }

    private Lst lst(ListExpression l, String pointer) {
        if (l instanceof ListExpression.Items items) {
            Str[] parts = new Str[items.items().size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = str(items.items().get(i), pointer + "/" + i);
            }
            return values -> {
                List<String> out = new ArrayList<>(parts.length);
                for (Str p : parts) {
                    out.add(p.eval(values));
                }
                return out;
            };
        }
        ListExpression.Split split = (ListExpression.Split) l;
        String delimiter = split.delimiter();
        Str source = str(split.source(), pointer + "/Fn::Split/1");
        return values -> {
            String text = source.eval(values);
            List<String> out = new ArrayList<>();
            int from = 0;
            while (true) {
                int at = text.indexOf(delimiter, from);
                if (at < 0) {
                    out.add(text.substring(from));
                    return out;
                }
                out.add(text.substring(from, at));
                from = at + delimiter.length();
            }
        };
    }

    private int slot(String name) {
        for (int i = 0; i < slotNames.length; i++) {
            if (slotNames[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no slot for " + name);
    }

    private static TemplateEvaluationException invalid(String pointer, String message) {
        return new TemplateEvaluationException(TemplateEvaluationException.INVALID_PARAMETERS, 400, pointer, message);
    }

    /**
     * Evaluates the template for one request.
     *
     * @param parameters the request parameters (after hook overrides)
     * @param certificate the device certificate
     * @return the plan
     * @throws TemplateEvaluationException if AWS would reject the request
     */
    public ProvisioningPlan evaluate(Map<String, String> parameters, CertificateContext certificate) {
        long size = 0;
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw invalid("/Parameters", "A parameter " + (e.getKey() == null ? "has no name" : "'"
                        + e.getKey() + "' has no value") + "; RegisterThing parameters are strings");
            }
            size += e.getKey().length() + e.getValue().length();
        }
        if (size > MAX_PARAMETERS_LENGTH) {
            throw invalid("/Parameters", "The parameters are " + String.format(java.util.Locale.ROOT, "%,d", size)
                    + " characters of names and values; a RegisterThing request carries them in one MQTT "
                    + "message of at most 128 KB, so AWS IoT never evaluates more than "
                    + String.format(java.util.Locale.ROOT, "%,d", MAX_PARAMETERS_LENGTH));
        }
        int n = slotNames.length;
        String[] values = new String[n];
        TreeSet<String> missing = null;
        TreeSet<String> missingFromCertificate = null;
        for (int i = 0; i < n; i++) {
            String v;
            if (pseudo[i] != null) {
                v = certificate.value(pseudo[i]).orElse(null);
                if (v == null) {
                    // The certificate's subject fields are the parameter dictionary of a JITP
                    // request; a declared Default applies when that dictionary lacks the value.
                    v = defaults[i];
                }
                if (v == null) {
                    if (missingFromCertificate == null) {
                        missingFromCertificate = new TreeSet<>();
                    }
                    missingFromCertificate.add(slotNames[i]);
                }
            } else {
                v = parameters.get(slotNames[i]);
                if (v == null) {
                    v = defaults[i];
                }
                if (v == null) {
                    if (missing == null) {
                        missing = new TreeSet<>();
                    }
                    missing.add(slotNames[i]);
                }
            }
            values[i] = v;
        }
        if (missingFromCertificate != null) {
            throw invalid("/Parameters", "The certificate subject has no value for " + missingFromCertificate
                    + "; a JITP template needs every certificate field it declares or references, unless the "
                    + "declaration gives a Default");
        }
        if (missing != null) {
            throw invalid("/Parameters", "Missing parameters " + missing
                    + ": they have no Default and the request does not carry them");
        }
        ProvisioningPlan.Builder plan = base.toBuilder().parameters(new ArrayMap(slotNames, values));
        if (thingName != null) {
            plan.thingName(thingName.eval(values));
            for (int i = 0; !constantAttributes && i < attributeNames.length; i++) {
                String name = attributeNames[i];
                String problem = attributeNameProblems[i];
                if (problem != null) {
                    throw invalid(attributePointers[i], "The attribute name '" + name + "' " + problem);
                }
                plan.attribute(name, attributeValues[i].eval(values));
            }
            if (thingTypeName != null) {
                plan.thingTypeName(thingTypeName.eval(values));
            }
            for (Str g : thingGroups) {
                plan.addThingGroup(g.eval(values));
            }
            if (billingGroup != null) {
                plan.billingGroup(billingGroup.eval(values));
            }
        }
        if (certificateId != null) {
            plan.certificateId(certificateId.eval(values));
        }
        if (csr != null) {
            plan.certificateSigningRequest(csr.eval(values));
        }
        if (certificatePem != null) {
            plan.certificatePem(certificatePem.eval(values));
        }
        if (caCertificatePem != null) {
            plan.caCertificatePem(caCertificatePem.eval(values));
        }
        if (status != null) {
            String text = status.eval(values);
            plan.certificateStatus(CertificateStatus.parse(text).orElseThrow(() -> invalid("/Resources",
                    "The certificate Status evaluates to '" + text + "', which is neither ACTIVE nor INACTIVE")));
        }
        for (int i = 0; !constantPolicies && i < policyResources.size(); i++) {
            PlannedPolicy fixed = fixedPolicies.get(i);
            plan.addPolicy(fixed != null ? fixed
                    : PlannedPolicy.named(policyResources.get(i).logicalName(), policyNames.get(i).eval(values)));
        }
        if (!constantConfiguration) {
            String[] configuration = new String[configKeys.length];
            for (int i = 0; i < configuration.length; i++) {
                configuration[i] = configValues[i].eval(values);
            }
            plan.deviceConfiguration(new ArrayMap(configKeys, configuration));
        }
        return plan.build();
    }

    /** Value rules AWS applies to names and attributes. */
    enum Names {
        THING(1, 128, "a-zA-Z0-9:_-") {
            @Override
            boolean allowed(char c) {
                return alnum(c) || c == ':' || c == '_' || c == '-';
            }
        },
        POLICY(1, 128, "\\w+=,.@-") {
            @Override
            boolean allowed(char c) {
                return alnum(c) || c == '_' || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '-';
            }
        },
        ATTRIBUTE_NAME(1, 128, "a-zA-Z0-9_.,@/:#-") {
            @Override
            boolean allowed(char c) {
                return alnum(c) || "_.,@/:#-".indexOf(c) >= 0;
            }
        },
        ATTRIBUTE_VALUE(0, 800, "a-zA-Z0-9_.,@/:#=[]-") {
            @Override
            boolean allowed(char c) {
                return alnum(c) || "_.,@/:#=[]-".indexOf(c) >= 0;
            }
        };

        private final int min;
        private final int max;
        private final String characters;

        Names(int min, int max, String characters) {
            this.min = min;
            this.max = max;
            this.characters = characters;
        }

        abstract boolean allowed(char c);

        static boolean alnum(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }

        /** Returns null if the value is acceptable, else what is wrong with it. */
        String check(String v) {
            if (v.length() < min) {
                return "is empty; it must be at least " + min + " character" + (min == 1 ? "" : "s");
            }
            if (v.length() > max) {
                return "is " + v.length() + " characters long; the limit is " + max;
            }
            for (int i = 0; i < v.length(); i++) {
                if (!allowed(v.charAt(i))) {
                    return "contains '" + v.charAt(i) + "'; only [" + characters + "] are allowed";
                }
            }
            return null;
        }
    }
}
