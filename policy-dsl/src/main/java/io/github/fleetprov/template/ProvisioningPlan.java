package io.github.fleetprov.template;

import io.github.fleetprov.core.CopyableBuilder;
import io.github.fleetprov.core.ToCopyableBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

import io.github.fleetprov.template.internal.ArrayMap;

/**
 * What AWS would create or update for one device when it runs a template: the thing (name, type,
 * attributes, groups, billing group), the override settings, the certificate (id or the material it
 * is created from, and its status), the policies attached to it, and the device configuration
 * RegisterThing returns. Immutable; {@link #builder()} exists for writing expected plans.
 */
public final class ProvisioningPlan
        implements ToCopyableBuilder<ProvisioningPlan.Builder, ProvisioningPlan> {

    private final TemplateType templateType;
    private final String thingName;
    private final String thingTypeName;
    private final Map<String, String> attributes;
    private final List<String> thingGroups;
    private final String billingGroup;
    private final Map<OverrideProperty, OverrideAction> overrideSettings;
    private final String certificateId;
    private final String certificateSigningRequest;
    private final String certificatePem;
    private final String caCertificatePem;
    private final CertificateStatus certificateStatus;
    private final List<PlannedPolicy> policies;
    private final Map<String, String> deviceConfiguration;
    private final Map<String, String> parameters;

    private ProvisioningPlan(Builder b) {
        // The builder hands its collections over (wrapped once, unless they already are a plan's or a
        // shared empty one) and copies a collection before it changes it again.
        this.templateType = b.templateType;
        this.thingName = b.thingName;
        this.thingTypeName = b.thingTypeName;
        this.attributes = b.isShared(Builder.ATTRIBUTES) ? b.attributes : Collections.unmodifiableMap(b.attributes);
        this.thingGroups = b.isShared(Builder.THING_GROUPS) ? b.thingGroups : Collections.unmodifiableList(b.thingGroups);
        this.billingGroup = b.billingGroup;
        this.overrideSettings = b.isShared(Builder.OVERRIDES) ? b.overrideSettings
                : Collections.unmodifiableMap(b.overrideSettings);
        this.certificateId = b.certificateId;
        this.certificateSigningRequest = b.certificateSigningRequest;
        this.certificatePem = b.certificatePem;
        this.caCertificatePem = b.caCertificatePem;
        this.certificateStatus = b.certificateStatus;
        this.policies = b.isShared(Builder.POLICIES) ? b.policies : Collections.unmodifiableList(b.policies);
        this.deviceConfiguration = b.isShared(Builder.DEVICE_CONFIGURATION) ? b.deviceConfiguration
                : Collections.unmodifiableMap(b.deviceConfiguration);
        this.parameters = b.isShared(Builder.PARAMETERS) ? b.parameters : Collections.unmodifiableMap(b.parameters);
    }

    /**
     * A new builder (template type FLEET_PROVISIONING, certificate status ACTIVE).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts from this plan's values. It shares this plan's collections and copies one
     * only when it is changed, so a builder made from a plan costs no copying for what it leaves as is.
     *
     * @return a builder holding this plan's values
     */
    @Override
    public Builder toBuilder() {
        Builder b = new Builder();
        b.templateType = templateType;
        b.thingName = thingName;
        b.thingTypeName = thingTypeName;
        b.attributes = attributes;
        b.thingGroups = thingGroups;
        b.billingGroup = billingGroup;
        b.overrideSettings = overrideSettings;
        b.certificateId = certificateId;
        b.certificateSigningRequest = certificateSigningRequest;
        b.certificatePem = certificatePem;
        b.caCertificatePem = caCertificatePem;
        b.certificateStatus = certificateStatus;
        b.policies = policies;
        b.deviceConfiguration = deviceConfiguration;
        b.parameters = parameters;
        b.shared = Builder.ALL;
        return b;
    }

    /**
     * The type of the template that made this plan.
     *
     * @return the template type
     */
    public TemplateType templateType() {
        return templateType;
    }

    /**
     * The thing name (what RegisterThing answers as {@code thingName}).
     *
     * @return the name, if the template declares a thing
     */
    public Optional<String> thingName() {
        return Optional.ofNullable(thingName);
    }

    /**
     * The thing type.
     *
     * @return the thing type name, if set
     */
    public Optional<String> thingTypeName() {
        return Optional.ofNullable(thingTypeName);
    }

    /**
     * The thing attributes, in template order.
     *
     * @return attribute values by name
     */
    public Map<String, String> attributes() {
        return attributes;
    }

    /**
     * The thing groups, in template order.
     *
     * @return the group names
     */
    public List<String> thingGroups() {
        return thingGroups;
    }

    /**
     * The billing group.
     *
     * @return the billing group name, if set
     */
    public Optional<String> billingGroup() {
        return Optional.ofNullable(billingGroup);
    }

    /**
     * The override settings of the thing and the certificate.
     *
     * @return actions by property
     */
    public Map<OverrideProperty, OverrideAction> overrideSettings() {
        return overrideSettings;
    }

    /**
     * The action for one property when the resource already exists.
     *
     * @param property the property
     * @return the action, if the template sets one
     */
    public Optional<OverrideAction> overrideSetting(OverrideProperty property) {
        return Optional.ofNullable(overrideSettings.get(property));
    }

    /**
     * The certificate id ({@code CertificateId}).
     *
     * @return the id, if the template gives the certificate by id
     */
    public Optional<String> certificateId() {
        return Optional.ofNullable(certificateId);
    }

    /**
     * The CSR the certificate is created from.
     *
     * @return the CSR, if the template gives one
     */
    public Optional<String> certificateSigningRequest() {
        return Optional.ofNullable(certificateSigningRequest);
    }

    /**
     * The certificate PEM to register.
     *
     * @return the PEM, if the template gives one
     */
    public Optional<String> certificatePem() {
        return Optional.ofNullable(certificatePem);
    }

    /**
     * The CA certificate PEM that signed {@link #certificatePem()}.
     *
     * @return the PEM, if the template gives one
     */
    public Optional<String> caCertificatePem() {
        return Optional.ofNullable(caCertificatePem);
    }

    /**
     * The status the certificate gets (ACTIVE unless the template says otherwise).
     *
     * @return the status
     */
    public CertificateStatus certificateStatus() {
        return certificateStatus;
    }

    /**
     * The policies attached to the certificate, by name or as documents, in template order.
     *
     * @return the policies
     */
    public List<PlannedPolicy> policies() {
        return policies;
    }

    /**
     * The device configuration RegisterThing returns.
     *
     * @return values by key, in template order
     */
    public Map<String, String> deviceConfiguration() {
        return deviceConfiguration;
    }

    /**
     * The parameter values the template was evaluated with: request values, hook overrides,
     * defaults and pseudo-parameters, for declared parameters and referenced pseudo-parameters.
     *
     * @return values by parameter name
     */
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProvisioningPlan p
                && templateType == p.templateType
                && Objects.equals(thingName, p.thingName)
                && Objects.equals(thingTypeName, p.thingTypeName)
                && attributes.equals(p.attributes)
                && thingGroups.equals(p.thingGroups)
                && Objects.equals(billingGroup, p.billingGroup)
                && overrideSettings.equals(p.overrideSettings)
                && Objects.equals(certificateId, p.certificateId)
                && Objects.equals(certificateSigningRequest, p.certificateSigningRequest)
                && Objects.equals(certificatePem, p.certificatePem)
                && Objects.equals(caCertificatePem, p.caCertificatePem)
                && certificateStatus == p.certificateStatus
                && policies.equals(p.policies)
                && deviceConfiguration.equals(p.deviceConfiguration)
                && parameters.equals(p.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(templateType, thingName, thingTypeName, attributes, thingGroups, billingGroup,
                overrideSettings, certificateId, certificateSigningRequest, certificatePem, caCertificatePem,
                certificateStatus, policies, deviceConfiguration, parameters);
    }

    @Override
    public String toString() {
        return "ProvisioningPlan[thingName=" + thingName + ", thingTypeName=" + thingTypeName + ", attributes="
                + attributes + ", thingGroups=" + thingGroups + ", billingGroup=" + billingGroup
                + ", overrideSettings=" + overrideSettings + ", certificateId=" + certificateId
                + ", certificateStatus=" + certificateStatus + ", policies=" + policies + ", deviceConfiguration="
                + deviceConfiguration + "]";
    }

    /** Builds a {@link ProvisioningPlan}. */
    public static final class Builder implements CopyableBuilder<Builder, ProvisioningPlan> {
        private TemplateType templateType = TemplateType.FLEET_PROVISIONING;
        private String thingName;
        private String thingTypeName;
        private Map<String, String> attributes = Collections.emptyMap();
        private List<String> thingGroups = Collections.emptyList();
        private String billingGroup;
        private Map<OverrideProperty, OverrideAction> overrideSettings = Collections.emptyMap();
        private String certificateId;
        private String certificateSigningRequest;
        private String certificatePem;
        private String caCertificatePem;
        private CertificateStatus certificateStatus = CertificateStatus.ACTIVE;
        private List<PlannedPolicy> policies = Collections.emptyList();
        private Map<String, String> deviceConfiguration = Collections.emptyMap();
        private Map<String, String> parameters = Collections.emptyMap();

        static final int ATTRIBUTES = 1;
        static final int THING_GROUPS = 2;
        static final int OVERRIDES = 4;
        static final int POLICIES = 8;
        static final int DEVICE_CONFIGURATION = 16;
        static final int PARAMETERS = 32;
        static final int ALL = 63;

        /**
         * The collections (bits above) that are not this builder's own: a shared empty one, or one a
         * plan holds. Each is copied before its first change.
         */
        private int shared = ALL;

        private Builder() {
        }

        boolean isShared(int collection) {
            return (shared & collection) != 0;
        }

        private boolean own(int collection) {
            if ((shared & collection) == 0) {
                return false;
            }
            shared &= ~collection;
            return true;
        }

        private Map<String, String> attributes() {
            if (own(ATTRIBUTES)) {
                attributes = new LinkedHashMap<>(attributes);
            }
            return attributes;
        }

        private List<String> thingGroups() {
            if (own(THING_GROUPS)) {
                thingGroups = new ArrayList<>(thingGroups);
            }
            return thingGroups;
        }

        private Map<OverrideProperty, OverrideAction> overrideSettings() {
            if (own(OVERRIDES)) {
                Map<OverrideProperty, OverrideAction> copy = new EnumMap<>(OverrideProperty.class);
                copy.putAll(overrideSettings);
                overrideSettings = copy;
            }
            return overrideSettings;
        }

        private List<PlannedPolicy> policies() {
            if (own(POLICIES)) {
                policies = new ArrayList<>(policies);
            }
            return policies;
        }

        private Map<String, String> deviceConfiguration() {
            if (own(DEVICE_CONFIGURATION)) {
                deviceConfiguration = new LinkedHashMap<>(deviceConfiguration);
            }
            return deviceConfiguration;
        }

        private Map<String, String> parameters() {
            if (own(PARAMETERS)) {
                parameters = new LinkedHashMap<>(parameters);
            }
            return parameters;
        }

        /**
         * The template type.
         *
         * @param templateType the type
         * @return this builder
         */
        public Builder templateType(TemplateType templateType) {
            this.templateType = Objects.requireNonNull(templateType, "templateType");
            return this;
        }

        /**
         * The thing name.
         *
         * @param thingName the name, or {@code null}
         * @return this builder
         */
        public Builder thingName(@Nullable String thingName) {
            this.thingName = thingName;
            return this;
        }

        /**
         * The thing type.
         *
         * @param thingTypeName the name, or {@code null}
         * @return this builder
         */
        public Builder thingTypeName(@Nullable String thingTypeName) {
            this.thingTypeName = thingTypeName;
            return this;
        }

        /**
         * Adds an attribute.
         *
         * @param name the attribute name
         * @param value the value
         * @return this builder
         */
        public Builder attribute(String name, String value) {
            attributes().put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Adds a thing group.
         *
         * @param group the group name
         * @return this builder
         */
        public Builder addThingGroup(String group) {
            thingGroups().add(Objects.requireNonNull(group, "group"));
            return this;
        }

        /**
         * The billing group.
         *
         * @param billingGroup the name, or {@code null}
         * @return this builder
         */
        public Builder billingGroup(@Nullable String billingGroup) {
            this.billingGroup = billingGroup;
            return this;
        }

        /**
         * An override setting.
         *
         * @param property the property
         * @param action the action
         * @return this builder
         */
        public Builder override(OverrideProperty property, OverrideAction action) {
            overrideSettings().put(Objects.requireNonNull(property, "property"), Objects.requireNonNull(action, "action"));
            return this;
        }

        /**
         * The certificate id.
         *
         * @param certificateId the id, or {@code null}
         * @return this builder
         */
        public Builder certificateId(@Nullable String certificateId) {
            this.certificateId = certificateId;
            return this;
        }

        /**
         * The CSR.
         *
         * @param csr the PEM CSR, or {@code null}
         * @return this builder
         */
        public Builder certificateSigningRequest(@Nullable String csr) {
            this.certificateSigningRequest = csr;
            return this;
        }

        /**
         * The certificate PEM.
         *
         * @param certificatePem the PEM, or {@code null}
         * @return this builder
         */
        public Builder certificatePem(@Nullable String certificatePem) {
            this.certificatePem = certificatePem;
            return this;
        }

        /**
         * The CA certificate PEM.
         *
         * @param caCertificatePem the PEM, or {@code null}
         * @return this builder
         */
        public Builder caCertificatePem(@Nullable String caCertificatePem) {
            this.caCertificatePem = caCertificatePem;
            return this;
        }

        /**
         * The certificate status.
         *
         * @param status the status
         * @return this builder
         */
        public Builder certificateStatus(CertificateStatus status) {
            this.certificateStatus = Objects.requireNonNull(status, "status");
            return this;
        }

        /**
         * Adds a policy.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder addPolicy(PlannedPolicy policy) {
            policies().add(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /**
         * Adds a device configuration entry.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder deviceConfiguration(String key, String value) {
            deviceConfiguration().put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Adds an effective parameter value.
         *
         * @param name the parameter
         * @param value the value
         * @return this builder
         */
        public Builder parameter(String name, String value) {
            parameters().put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Replaces the device configuration entries.
         *
         * @param deviceConfiguration the entries, in order; copied, unless it is an immutable map this
         *     library made
         * @return this builder
         */
        public Builder deviceConfiguration(Map<String, String> deviceConfiguration) {
            this.deviceConfiguration = ownedCopy(deviceConfiguration, "deviceConfiguration");
            shared = deviceConfiguration instanceof ArrayMap ? shared | DEVICE_CONFIGURATION
                    : shared & ~DEVICE_CONFIGURATION;
            return this;
        }

        /**
         * Replaces the effective parameter values.
         *
         * @param parameters the values by parameter name, in order; copied, unless it is an immutable
         *     map this library made
         * @return this builder
         */
        public Builder parameters(Map<String, String> parameters) {
            this.parameters = ownedCopy(parameters, "parameters");
            shared = parameters instanceof ArrayMap ? shared | PARAMETERS : shared & ~PARAMETERS;
            return this;
        }

        private static Map<String, String> ownedCopy(Map<String, String> map, String what) {
            Objects.requireNonNull(map, what);
            if (map instanceof ArrayMap) {
                return map;
            }
            Map<String, String> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, what + " key"),
                    Objects.requireNonNull(v, what + " value")));
            return copy;
        }

        /**
         * Builds the plan.
         *
         * @return the plan
         */
        @Override
        public ProvisioningPlan build() {
            ProvisioningPlan plan = new ProvisioningPlan(this);
            // From now on the plan holds the collections; this builder copies before changing one.
            attributes = plan.attributes;
            thingGroups = plan.thingGroups;
            overrideSettings = plan.overrideSettings;
            policies = plan.policies;
            deviceConfiguration = plan.deviceConfiguration;
            parameters = plan.parameters;
            shared = ALL;
            return plan;
        }
    }
}
