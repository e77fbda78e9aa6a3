package io.github.fleetprov.template;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.policy.IotPolicy;
import org.jspecify.annotations.Nullable;

/**
 * An {@code AWS::IoT::Policy} resource: either {@code PolicyName} (an existing IoT policy) or
 * {@code PolicyDocument} (a policy AWS creates, named after a hash of the document), never both.
 * Immutable.
 */
public final class PolicyResource implements TemplateResource {

    private final String logicalName;
    private final Expression policyName;
    private final IotPolicy policyDocument;

    private PolicyResource(Builder b) {
        this.logicalName = b.logicalName;
        this.policyName = b.policyName;
        this.policyDocument = b.policyDocument;
    }

    /**
     * A new builder; the logical name defaults to {@code "policy"}.
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
    public PolicyResource copy(Consumer<Builder> changes) {
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
        return ResourceType.POLICY;
    }

    /**
     * {@code PolicyName}: the name of an existing IoT policy.
     *
     * @return the name expression, if the policy is given by name
     */
    public Optional<Expression> policyName() {
        return Optional.ofNullable(policyName);
    }

    /**
     * {@code PolicyDocument}: the policy AWS creates.
     *
     * @return the document, if the policy is given by document
     */
    public Optional<IotPolicy> policyDocument() {
        return Optional.ofNullable(policyDocument);
    }

    /**
     * Policies have no override settings.
     *
     * @return an empty map
     */
    @Override
    public Map<OverrideProperty, OverrideAction> overrideSettings() {
        return Map.of();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyResource p
                && logicalName.equals(p.logicalName)
                && Objects.equals(policyName, p.policyName)
                && Objects.equals(policyDocument, p.policyDocument);
    }

    @Override
    public int hashCode() {
        return Objects.hash(logicalName, policyName, policyDocument);
    }

    @Override
    public String toString() {
        return "PolicyResource[" + logicalName + (policyName != null ? ", policyName=" + policyName : ", document") + "]";
    }

    /** Builds a {@link PolicyResource}. */
    public static final class Builder {
        private String logicalName = "policy";
        private Expression policyName;
        private IotPolicy policyDocument;

        private Builder() {
        }

        private Builder(PolicyResource r) {
            logicalName = r.logicalName;
            policyName = r.policyName;
            policyDocument = r.policyDocument;
        }

        /**
         * The logical name (key in {@code Resources}).
         *
         * @param logicalName e.g. {@code "policy"}
         * @return this builder
         */
        public Builder logicalName(String logicalName) {
            this.logicalName = Objects.requireNonNull(logicalName, "logicalName");
            return this;
        }

        /**
         * {@code PolicyName} of an existing IoT policy.
         *
         * @param policyName the name expression, or {@code null} to clear
         * @return this builder
         */
        public Builder policyName(@Nullable Expression policyName) {
            this.policyName = policyName;
            return this;
        }

        /**
         * {@code PolicyName} as a literal.
         *
         * @param policyName the policy name
         * @return this builder
         */
        public Builder policyName(String policyName) {
            return policyName(Expression.literal(policyName));
        }

        /**
         * {@code PolicyDocument}.
         *
         * @param policyDocument the policy, or {@code null} to clear
         * @return this builder
         */
        public Builder policyDocument(@Nullable IotPolicy policyDocument) {
            this.policyDocument = policyDocument;
            return this;
        }

        /**
         * Builds the resource.
         *
         * @return the resource
         * @throws InvalidInputException unless exactly one of name and document is set
         */
        public PolicyResource build() {
            TemplateResources.requireLogicalName(logicalName);
            if ((policyName == null) == (policyDocument == null)) {
                throw new InvalidInputException("/Resources/" + logicalName + "/Properties",
                        policyName == null ? "neither PolicyName nor PolicyDocument is set"
                                : "both PolicyName and PolicyDocument are set",
                        "Set PolicyName for an existing IoT policy, or PolicyDocument for a new one, but not both.");
            }
            return new PolicyResource(this);
        }
    }
}
