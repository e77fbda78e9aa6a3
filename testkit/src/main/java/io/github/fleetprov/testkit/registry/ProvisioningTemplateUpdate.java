package io.github.fleetprov.testkit.registry;

import io.github.fleetprov.core.CopyableBuilder;
import io.github.fleetprov.core.ToCopyableBuilder;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The changes of an UpdateProvisioningTemplate call; unset fields stay as they are.
 */
public final class ProvisioningTemplateUpdate
        implements ToCopyableBuilder<ProvisioningTemplateUpdate.Builder, ProvisioningTemplateUpdate> {

    private final String description;
    private final Boolean enabled;
    private final Integer defaultVersionId;
    private final String provisioningRoleArn;
    private final PreProvisioningHookConfig preProvisioningHook;
    private final boolean removePreProvisioningHook;

    private ProvisioningTemplateUpdate(Builder b) {
        this.description = b.description;
        this.enabled = b.enabled;
        this.defaultVersionId = b.defaultVersionId;
        this.provisioningRoleArn = b.provisioningRoleArn;
        this.preProvisioningHook = b.preProvisioningHook;
        this.removePreProvisioningHook = b.removePreProvisioningHook;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A new builder holding this update's values.
     *
     * @return a new builder
     */
    @Override
    public Builder toBuilder() {
        Builder b = new Builder();
        b.description = description;
        b.enabled = enabled;
        b.defaultVersionId = defaultVersionId;
        b.provisioningRoleArn = provisioningRoleArn;
        b.preProvisioningHook = preProvisioningHook;
        b.removePreProvisioningHook = removePreProvisioningHook;
        return b;
    }

    /** @return the new description, if it changes */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** @return the new enabled flag, if it changes */
    public Optional<Boolean> enabled() {
        return Optional.ofNullable(enabled);
    }

    /** @return the new default version, if it changes */
    public OptionalInt defaultVersionId() {
        return defaultVersionId == null ? OptionalInt.empty() : OptionalInt.of(defaultVersionId);
    }

    /** @return the new provisioning role, if it changes */
    public Optional<String> provisioningRoleArn() {
        return Optional.ofNullable(provisioningRoleArn);
    }

    /** @return the new hook, if it changes */
    public Optional<PreProvisioningHookConfig> preProvisioningHook() {
        return Optional.ofNullable(preProvisioningHook);
    }

    /** @return whether the hook is removed */
    public boolean removePreProvisioningHook() {
        return removePreProvisioningHook;
    }

    /** Builds a {@link ProvisioningTemplateUpdate}. */
    public static final class Builder implements CopyableBuilder<Builder, ProvisioningTemplateUpdate> {
        private String description;
        private Boolean enabled;
        private Integer defaultVersionId;
        private String provisioningRoleArn;
        private PreProvisioningHookConfig preProvisioningHook;
        private boolean removePreProvisioningHook;

        private Builder() {
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
         * Enables or disables the template.
         *
         * @param enabled whether RegisterThing may use it
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * Sets the default version.
         *
         * @param defaultVersionId an existing version id
         * @return this builder
         */
        public Builder defaultVersionId(int defaultVersionId) {
            this.defaultVersionId = defaultVersionId;
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
         * Removes the pre-provisioning hook.
         *
         * @return this builder
         */
        public Builder removePreProvisioningHook() {
            this.removePreProvisioningHook = true;
            return this;
        }

        /**
         * Builds the update.
         *
         * @return the update
         * @throws RegistryException {@code InvalidRequestException} if a hook is both set and removed
         */
        @Override
        public ProvisioningTemplateUpdate build() {
            if (removePreProvisioningHook && preProvisioningHook != null) {
                throw RegistryException.invalidRequest("preProvisioningHook: set together with"
                        + " removePreProvisioningHook. Either set a hook or remove it.");
            }
            return new ProvisioningTemplateUpdate(this);
        }
    }
}
