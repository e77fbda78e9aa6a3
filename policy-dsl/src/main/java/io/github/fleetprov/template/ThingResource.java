package io.github.fleetprov.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import io.github.fleetprov.core.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * An {@code AWS::IoT::Thing} resource: {@code ThingName}, {@code AttributePayload},
 * {@code ThingTypeName}, {@code ThingGroups}, {@code BillingGroup} and {@code OverrideSettings}
 * for the attributes, the thing type and the groups. Immutable.
 */
public final class ThingResource implements TemplateResource {

    private final String logicalName;
    private final Expression thingName;
    private final Map<String, Expression> attributes;
    private final Expression thingTypeName;
    private final List<Expression> thingGroups;
    private final Expression billingGroup;
    private final Map<OverrideProperty, OverrideAction> overrideSettings;

    private ThingResource(Builder b) {
        this.logicalName = b.logicalName;
        this.thingName = b.thingName;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        this.thingTypeName = b.thingTypeName;
        this.thingGroups = List.copyOf(b.thingGroups);
        this.billingGroup = b.billingGroup;
        this.overrideSettings = Collections.unmodifiableMap(new LinkedHashMap<>(b.overrideSettings));
    }

    /**
     * A new builder; the logical name defaults to {@code "thing"}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts from this resource.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A copy with changes.
     *
     * @param changes what to change
     * @return the changed copy
     */
    public ThingResource copy(Consumer<Builder> changes) {
        Builder b = toBuilder();
        changes.accept(b);
        return b.build();
    }

    @Override
    public String logicalName() {
        return logicalName;
    }

    @Override
    public ResourceType type() {
        return ResourceType.THING;
    }

    /**
     * {@code ThingName}.
     *
     * @return the thing name expression
     */
    public Expression thingName() {
        return thingName;
    }

    /**
     * {@code AttributePayload}, in the order written.
     *
     * @return attribute expressions by attribute name
     */
    public Map<String, Expression> attributes() {
        return attributes;
    }

    /**
     * {@code ThingTypeName}.
     *
     * @return the thing type expression, if set
     */
    public Optional<Expression> thingTypeName() {
        return Optional.ofNullable(thingTypeName);
    }

    /**
     * {@code ThingGroups}.
     *
     * @return the group name expressions
     */
    public List<Expression> thingGroups() {
        return thingGroups;
    }

    /**
     * {@code BillingGroup}.
     *
     * @return the billing group expression, if set
     */
    public Optional<Expression> billingGroup() {
        return Optional.ofNullable(billingGroup);
    }

    @Override
    public Map<OverrideProperty, OverrideAction> overrideSettings() {
        return overrideSettings;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ThingResource t
                && logicalName.equals(t.logicalName)
                && thingName.equals(t.thingName)
                && attributes.equals(t.attributes)
                && Objects.equals(thingTypeName, t.thingTypeName)
                && thingGroups.equals(t.thingGroups)
                && Objects.equals(billingGroup, t.billingGroup)
                && overrideSettings.equals(t.overrideSettings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(logicalName, thingName, attributes, thingTypeName, thingGroups, billingGroup,
                overrideSettings);
    }

    @Override
    public String toString() {
        return "ThingResource[" + logicalName + ", thingName=" + thingName + "]";
    }

    /** Builds a {@link ThingResource}. */
    public static final class Builder {
        private String logicalName = "thing";
        private Expression thingName;
        private final Map<String, Expression> attributes = new LinkedHashMap<>();
        private Expression thingTypeName;
        private final List<Expression> thingGroups = new ArrayList<>();
        private Expression billingGroup;
        private final Map<OverrideProperty, OverrideAction> overrideSettings = new LinkedHashMap<>();

        private Builder() {
        }

        private Builder(ThingResource r) {
            logicalName = r.logicalName;
            thingName = r.thingName;
            attributes.putAll(r.attributes);
            thingTypeName = r.thingTypeName;
            thingGroups.addAll(r.thingGroups);
            billingGroup = r.billingGroup;
            overrideSettings.putAll(r.overrideSettings);
        }

        /**
         * The logical name (key in {@code Resources}).
         *
         * @param logicalName e.g. {@code "thing"}
         * @return this builder
         */
        public Builder logicalName(String logicalName) {
            this.logicalName = Objects.requireNonNull(logicalName, "logicalName");
            return this;
        }

        /**
         * {@code ThingName}.
         *
         * @param thingName an expression, e.g. {@code Expression.ref("ThingName")}
         * @return this builder
         */
        public Builder thingName(Expression thingName) {
            this.thingName = Objects.requireNonNull(thingName, "thingName");
            return this;
        }

        /**
         * {@code ThingName} as a literal.
         *
         * @param thingName the name
         * @return this builder
         */
        public Builder thingName(String thingName) {
            return thingName(Expression.literal(thingName));
        }

        /**
         * Adds or replaces an attribute of {@code AttributePayload}.
         *
         * @param name the attribute name
         * @param value the value expression
         * @return this builder
         */
        public Builder attribute(String name, Expression value) {
            attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Adds or replaces a literal attribute.
         *
         * @param name the attribute name
         * @param value the value
         * @return this builder
         */
        public Builder attribute(String name, String value) {
            return attribute(name, Expression.literal(value));
        }

        /**
         * Replaces all attributes.
         *
         * @param attributes attribute expressions by name, in order
         * @return this builder
         */
        public Builder attributes(Map<String, Expression> attributes) {
            Objects.requireNonNull(attributes, "attributes");
            this.attributes.clear();
            attributes.forEach(this::attribute);
            return this;
        }

        /**
         * {@code ThingTypeName}.
         *
         * @param thingTypeName the thing type expression, or {@code null} to clear
         * @return this builder
         */
        public Builder thingTypeName(@Nullable Expression thingTypeName) {
            this.thingTypeName = thingTypeName;
            return this;
        }

        /**
         * {@code ThingTypeName} as a literal.
         *
         * @param thingTypeName the thing type
         * @return this builder
         */
        public Builder thingTypeName(String thingTypeName) {
            return thingTypeName(Expression.literal(thingTypeName));
        }

        /**
         * Adds a group to {@code ThingGroups}.
         *
         * @param group the group name expression
         * @return this builder
         */
        public Builder addThingGroup(Expression group) {
            thingGroups.add(Objects.requireNonNull(group, "group"));
            return this;
        }

        /**
         * Adds a literal group to {@code ThingGroups}.
         *
         * @param group the group name
         * @return this builder
         */
        public Builder addThingGroup(String group) {
            return addThingGroup(Expression.literal(group));
        }

        /**
         * Replaces {@code ThingGroups}.
         *
         * @param groups the group name expressions
         * @return this builder
         */
        public Builder thingGroups(List<Expression> groups) {
            Objects.requireNonNull(groups, "groups");
            thingGroups.clear();
            groups.forEach(this::addThingGroup);
            return this;
        }

        /**
         * {@code BillingGroup}.
         *
         * @param billingGroup the billing group expression, or {@code null} to clear
         * @return this builder
         */
        public Builder billingGroup(@Nullable Expression billingGroup) {
            this.billingGroup = billingGroup;
            return this;
        }

        /**
         * {@code BillingGroup} as a literal.
         *
         * @param billingGroup the billing group
         * @return this builder
         */
        public Builder billingGroup(String billingGroup) {
            return billingGroup(Expression.literal(billingGroup));
        }

        /**
         * Sets the {@code OverrideSettings} action for a thing property.
         *
         * @param property {@link OverrideProperty#ATTRIBUTE_PAYLOAD}, {@link OverrideProperty#THING_TYPE_NAME}
         *     or {@link OverrideProperty#THING_GROUPS}
         * @param action the action
         * @return this builder
         */
        public Builder override(OverrideProperty property, OverrideAction action) {
            overrideSettings.put(Objects.requireNonNull(property, "property"), Objects.requireNonNull(action, "action"));
            return this;
        }

        /**
         * Builds the resource.
         *
         * @return the resource
         * @throws InvalidInputException if the thing name is missing or an override is not allowed
         */
        public ThingResource build() {
            String at = "/Resources/" + logicalName;
            TemplateResources.requireLogicalName(logicalName);
            if (thingName == null) {
                throw new InvalidInputException(at + "/Properties/ThingName", "is required",
                        "Set the thing name, usually from a parameter: thingName(Expression.ref(\"ThingName\")).");
            }
            TemplateResources.checkOverrides(at, ResourceType.THING, overrideSettings);
            return new ThingResource(this);
        }
    }
}
