package io.github.fleetprov.template.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.template.CertificateResource;
import io.github.fleetprov.template.Expression;
import io.github.fleetprov.template.ListExpression;
import io.github.fleetprov.template.PolicyResource;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.PseudoParameter;
import io.github.fleetprov.template.TemplateParameter;
import io.github.fleetprov.template.TemplateResource;
import io.github.fleetprov.template.TemplateType;
import io.github.fleetprov.template.ThingResource;

/** The immutable {@link ProvisioningTemplate}. */
public final class DefaultProvisioningTemplate implements ProvisioningTemplate {

    private final String name;
    private final TemplateType type;
    private final Map<String, TemplateParameter> parameters;
    private final Map<String, Map<String, Map<String, String>>> mappings;
    private final Map<String, TemplateResource> resources;
    private final Map<String, Expression> deviceConfiguration;
    private final ThingResource thing;
    private final CertificateResource certificate;
    private final List<PolicyResource> policies;
    private final String compactJson;
    private volatile CompiledTemplate compiled;

    private DefaultProvisioningTemplate(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
        Map<String, Map<String, Map<String, String>>> maps = new LinkedHashMap<>();
        b.mappings.forEach((map, top) -> {
            Map<String, Map<String, String>> copy = new LinkedHashMap<>();
            top.forEach((k, second) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(second))));
            maps.put(map, Collections.unmodifiableMap(copy));
        });
        this.mappings = Collections.unmodifiableMap(maps);
        this.resources = Collections.unmodifiableMap(new LinkedHashMap<>(b.resources));
        this.deviceConfiguration = Collections.unmodifiableMap(new LinkedHashMap<>(b.deviceConfiguration));
        ThingResource foundThing = null;
        CertificateResource foundCertificate = null;
        List<PolicyResource> foundPolicies = new ArrayList<>();
        for (TemplateResource r : resources.values()) {
            if (r instanceof ThingResource t) {
                foundThing = t;
            } else if (r instanceof CertificateResource c) {
                foundCertificate = c;
            } else if (r instanceof PolicyResource p) {
                foundPolicies.add(p);
            }
        }
        this.thing = foundThing;
        this.certificate = foundCertificate;
        this.policies = List.copyOf(foundPolicies);
        this.compactJson = TemplateJsonWriter.write(this, false);
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The evaluator for this template, compiled on first use.
     *
     * @return the compiled template
     */
    public CompiledTemplate compiled() {
        CompiledTemplate c = compiled;
        if (c == null) {
            c = CompiledTemplate.compile(this);
            compiled = c;
        }
        return c;
    }

    @Override
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    @Override
    public TemplateType type() {
        return type;
    }

    @Override
    public Map<String, TemplateParameter> parameters() {
        return parameters;
    }

    @Override
    public Map<String, Map<String, Map<String, String>>> mappings() {
        return mappings;
    }

    @Override
    public Map<String, TemplateResource> resources() {
        return resources;
    }

    @Override
    public Optional<ThingResource> thing() {
        return Optional.ofNullable(thing);
    }

    @Override
    public Optional<CertificateResource> certificate() {
        return Optional.ofNullable(certificate);
    }

    @Override
    public List<PolicyResource> policies() {
        return policies;
    }

    @Override
    public Map<String, Expression> deviceConfiguration() {
        return deviceConfiguration;
    }

    @Override
    public String toJson() {
        return compactJson;
    }

    @Override
    public String toJson(boolean pretty) {
        return pretty ? TemplateJsonWriter.write(this, true) : compactJson;
    }

    @Override
    public ProvisioningTemplate.Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DefaultProvisioningTemplate t
                && Objects.equals(name, t.name)
                && type == t.type
                && parameters.equals(t.parameters)
                && mappings.equals(t.mappings)
                && resources.equals(t.resources)
                && deviceConfiguration.equals(t.deviceConfiguration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, parameters, mappings, resources, deviceConfiguration);
    }

    @Override
    public String toString() {
        return "ProvisioningTemplate[" + (name != null ? name + ", " : "") + type + ", parameters="
                + parameters.keySet() + ", resources=" + resources.keySet() + "]";
    }

    /** The builder. */
    public static final class Builder implements ProvisioningTemplate.Builder {
        private String name;
        private TemplateType type = TemplateType.FLEET_PROVISIONING;
        private final Map<String, TemplateParameter> parameters = new LinkedHashMap<>();
        private final Map<String, Map<String, Map<String, String>>> mappings = new LinkedHashMap<>();
        private final Map<String, TemplateResource> resources = new LinkedHashMap<>();
        private final Map<String, Expression> deviceConfiguration = new LinkedHashMap<>();

        private Builder() {
        }

        private Builder(DefaultProvisioningTemplate t) {
            name = t.name;
            type = t.type;
            parameters.putAll(t.parameters);
            t.mappings.forEach((map, top) -> top.forEach((k1, second) -> second.forEach(
                    (k2, v) -> addMapping(map, k1, k2, v))));
            resources.putAll(t.resources);
            deviceConfiguration.putAll(t.deviceConfiguration);
        }

        @Override
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        @Override
        public Builder type(TemplateType type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        @Override
        public Builder addParameter(TemplateParameter parameter) {
            Objects.requireNonNull(parameter, "parameter");
            parameters.put(parameter.name(), parameter);
            return this;
        }

        @Override
        public Builder addMapping(String mapName, String topLevelKey, String secondLevelKey, String value) {
            Objects.requireNonNull(mapName, "mapName");
            Objects.requireNonNull(topLevelKey, "topLevelKey");
            Objects.requireNonNull(secondLevelKey, "secondLevelKey");
            Objects.requireNonNull(value, "value");
            mappings.computeIfAbsent(mapName, k -> new LinkedHashMap<>())
                    .computeIfAbsent(topLevelKey, k -> new LinkedHashMap<>())
                    .put(secondLevelKey, value);
            return this;
        }

        @Override
        public Builder addResource(TemplateResource resource) {
            Objects.requireNonNull(resource, "resource");
            if (resources.containsKey(resource.logicalName())) {
                throw new InvalidInputException("/Resources/" + Expressions.token(resource.logicalName()),
                        "the logical name '" + resource.logicalName() + "' is used twice",
                        "Give each resource its own logical name, or removeResource() first.");
            }
            resources.put(resource.logicalName(), resource);
            return this;
        }

        @Override
        public Builder removeResource(String logicalName) {
            resources.remove(Objects.requireNonNull(logicalName, "logicalName"));
            return this;
        }

        @Override
        public Builder deviceConfiguration(String key, Expression value) {
            deviceConfiguration.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        @Override
        public ProvisioningTemplate build() {
            if (name != null) {
                ProvisioningTemplate.requireValidName(name);
            }
            int things = 0;
            int certificates = 0;
            for (TemplateResource r : resources.values()) {
                if (r instanceof ThingResource) {
                    things++;
                } else if (r instanceof CertificateResource) {
                    certificates++;
                }
                if ((things > 1 || certificates > 1)) {
                    throw new InvalidInputException("/Resources/" + Expressions.token(r.logicalName()),
                            "a template declares at most one " + r.type().value(),
                            "Keep one thing and one certificate resource; policies may be several.");
                }
            }
            DefaultProvisioningTemplate template = new DefaultProvisioningTemplate(this);
            Expressions.forEachSlot(template, (slot, expression) ->
                    Expressions.forEachNested(slot, expression, (pointer, e) -> check(template, pointer, e)));
            int length = template.compactJson.length();
            if (length > MAX_BODY_LENGTH) {
                throw new InvalidInputException("templateBody", "is " + length + " characters, over the limit of "
                        + MAX_BODY_LENGTH, "Shorten it: reference existing policies by PolicyName instead of "
                        + "embedding documents, or move values to fewer parameters.");
            }
            return template;
        }

        private static void check(DefaultProvisioningTemplate t, String pointer, Expression e) {
            if (e instanceof Expression.Ref ref) {
                checkDeclared(t, pointer + "/Ref", ref.name());
            } else if (e instanceof Expression.Sub sub) {
                for (String variable : sub.variableNames()) {
                    if (!sub.variables().containsKey(variable)) {
                        checkDeclared(t, Expressions.subTextPointer(pointer, sub), variable);
                    }
                }
            } else if (e instanceof Expression.FindInMap f) {
                checkFindInMap(t, pointer, f);
            } else if (e instanceof Expression.Select s) {
                checkSelect(pointer, s);
            }
        }

        private static void checkDeclared(DefaultProvisioningTemplate t, String pointer, String name) {
            if (t.parameters.containsKey(name)) {
                return;
            }
            Optional<PseudoParameter> pseudo = PseudoParameter.fromName(name);
            if (pseudo.isPresent() && pseudo.get().isAvailableIn(t.type)) {
                return;
            }
            String fix = pseudo.isPresent()
                    ? "'" + name + "' is filled in by AWS only for JITP templates; declare it under Parameters "
                            + "or make the template type JITP."
                    : "Declare it under Parameters (e.g. \"" + name + "\": {\"Type\": \"String\"}) or fix the name.";
            throw new InvalidInputException(pointer, "refers to undeclared parameter '" + name + "'", fix);
        }

        private static void checkFindInMap(DefaultProvisioningTemplate t, String pointer, Expression.FindInMap f) {
            if (!(f.mapName() instanceof Expression.Literal map)) {
                return;
            }
            Map<String, Map<String, String>> table = t.mappings.get(map.value());
            if (table == null) {
                throw new InvalidInputException(pointer + "/Fn::FindInMap/0", "mapping '" + map.value()
                        + "' is not declared", "Declare it under Mappings, or use one of " + t.mappings.keySet() + ".");
            }
            if (f.topLevelKey() instanceof Expression.Literal top) {
                Map<String, String> second = table.get(top.value());
                if (second == null) {
                    throw new InvalidInputException(pointer + "/Fn::FindInMap/1", "key '" + top.value()
                            + "' is not in mapping '" + map.value() + "'", "Use one of " + table.keySet() + ".");
                }
                if (f.secondLevelKey() instanceof Expression.Literal key && !second.containsKey(key.value())) {
                    throw new InvalidInputException(pointer + "/Fn::FindInMap/2", "key '" + key.value()
                            + "' is not in mapping '" + map.value() + "' under '" + top.value() + "'",
                            "Use one of " + second.keySet() + ".");
                }
            } else if (f.secondLevelKey() instanceof Expression.Literal key
                    && table.values().stream().noneMatch(second -> second.containsKey(key.value()))) {
                throw new InvalidInputException(pointer + "/Fn::FindInMap/2", "key '" + key.value()
                        + "' is under no first-level key of mapping '" + map.value() + "'",
                        "Add it to the mapping or fix the key.");
            }
        }

        private static void checkSelect(String pointer, Expression.Select s) {
            if (!(s.index() instanceof Expression.Literal lit)) {
                return;
            }
            int index = CompiledTemplate.parseIndex(lit.value());
            if (index < 0) {
                throw new InvalidInputException(pointer + "/Fn::Select/0", "'" + lit.value()
                        + "' is not an index", "Use a zero-based whole number.");
            }
            if (s.values() instanceof ListExpression.Items items && index >= items.items().size()) {
                throw new InvalidInputException(pointer + "/Fn::Select/0", "index " + index
                        + " is out of range for a list of " + items.items().size() + " values",
                        "Use an index from 0 to " + (items.items().size() - 1) + ".");
            }
        }
    }
}
