package io.github.fleetprov.testkit.registry;

import io.github.fleetprov.core.CopyableBuilder;
import io.github.fleetprov.core.ToCopyableBuilder;
import java.util.Objects;
import java.util.Optional;

/**
 * What to create a provisioning template with (CreateProvisioningTemplate).
 */
public final class ProvisioningTemplateSpec
        implements ToCopyableBuilder<ProvisioningTemplateSpec.Builder, ProvisioningTemplateSpec> {

    private final String templateName;
    private final String description;
    private final String templateBody;
    private final boolean enabled;
    private final String provisioningRoleArn;
    private final PreProvisioningHookConfig preProvisioningHook;
    private final String type;

    private ProvisioningTemplateSpec(Builder b) {
        this.templateName = b.templateName;
        this.description = b.description;
        this.templateBody = b.templateBody;
        this.enabled = b.enabled;
        this.provisioningRoleArn = b.provisioningRoleArn;
        this.preProvisioningHook = b.preProvisioningHook;
        this.type = b.type;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A new builder holding this template's values.
     *
     * @return a new builder
     */
    @Override
    public Builder toBuilder() {
        Builder b = new Builder();
        b.templateName = templateName;
        b.description = description;
        b.templateBody = templateBody;
        b.enabled = enabled;
        b.provisioningRoleArn = provisioningRoleArn;
        b.preProvisioningHook = preProvisioningHook;
        b.type = type;
        return b;
    }

    /** @return the template name */
    public String templateName() {
        return templateName;
    }

    /** @return the description, empty if none */
    public String description() {
        return description;
    }

    /** @return the template body (JSON) */
    public String templateBody() {
        return templateBody;
    }

    /** @return whether the template is enabled (AWS's default is {@code false}) */
    public boolean enabled() {
        return enabled;
    }

    /** @return the provisioning role ARN */
    public String provisioningRoleArn() {
        return provisioningRoleArn;
    }

    /** @return the pre-provisioning hook, if any */
    public Optional<PreProvisioningHookConfig> preProvisioningHook() {
        return Optional.ofNullable(preProvisioningHook);
    }

    /** @return the template type */
    public String type() {
        return type;
    }

    /** Builds a {@link ProvisioningTemplateSpec}. */
    public static final class Builder implements CopyableBuilder<Builder, ProvisioningTemplateSpec> {
        private String templateName;
        private String description = "";
        private String templateBody;
        private boolean enabled;
        private String provisioningRoleArn;
        private PreProvisioningHookConfig preProvisioningHook;
        private String type = ProvisioningTemplateRecord.TYPE_FLEET_PROVISIONING;

        private Builder() {
        }

        /**
         * Sets the name (1 to 36 of {@code [0-9A-Za-z_-]}).
         *
         * @param templateName the name
         * @return this builder
         */
        public Builder templateName(String templateName) {
            this.templateName = Objects.requireNonNull(templateName, "templateName");
            return this;
        }

        /**
         * Sets the description.
         *
         * @param description the description
         * @return this builder
         */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * Sets the body.
         *
         * @param templateBody the template JSON
         * @return this builder
         */
        public Builder templateBody(String templateBody) {
            this.templateBody = Objects.requireNonNull(templateBody, "templateBody");
            return this;
        }

        /**
         * Sets whether the template is enabled.
         *
         * @param enabled whether RegisterThing may use it
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * Sets the provisioning role.
         *
         * @param provisioningRoleArn the role ARN
         * @return this builder
         */
        public Builder provisioningRoleArn(String provisioningRoleArn) {
            this.provisioningRoleArn = Objects.requireNonNull(provisioningRoleArn, "provisioningRoleArn");
            return this;
        }

        /**
         * Sets the pre-provisioning hook.
         *
         * @param preProvisioningHook the hook
         * @return this builder
         */
        public Builder preProvisioningHook(PreProvisioningHookConfig preProvisioningHook) {
            this.preProvisioningHook = Objects.requireNonNull(preProvisioningHook, "preProvisioningHook");
            return this;
        }

        /**
         * Sets the type.
         *
         * @param type {@code FLEET_PROVISIONING} (default) or {@code JITP}
         * @return this builder
         */
        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * Builds the specification.
         *
         * @return the specification
         * @throws RegistryException {@code InvalidRequestException} naming a missing or malformed field
         */
        @Override
        public ProvisioningTemplateSpec build() {
            if (templateName == null || !templateName.matches("[0-9A-Za-z_-]{1,36}")) {
                throw RegistryException.invalidRequest("templateName: '" + templateName + "' is not a template"
                        + " name. Use 1 to 36 characters of [0-9A-Za-z_-].");
            }
            if (templateBody == null || templateBody.isBlank()) {
                throw RegistryException.invalidRequest("templateBody: is missing. Give the template JSON.");
            }
            if (templateBody.length() > 10240) {
                throw RegistryException.invalidRequest("templateBody: has " + templateBody.length()
                        + " characters, more than the 10240 AWS IoT allows. Shorten the template.");
            }
            if (provisioningRoleArn == null || provisioningRoleArn.isBlank()) {
                throw RegistryException.invalidRequest("provisioningRoleArn: is missing. Give the ARN of the role"
                        + " that AWS IoT assumes to create resources.");
            }
            if (!type.equals(ProvisioningTemplateRecord.TYPE_FLEET_PROVISIONING)
                    && !type.equals(ProvisioningTemplateRecord.TYPE_JITP)) {
                throw RegistryException.invalidRequest("type: '" + type + "' is not a template type. Use"
                        + " FLEET_PROVISIONING or JITP.");
            }
            return new ProvisioningTemplateSpec(this);
        }
    }
}
