package io.github.fleetprov.admin;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.policy.ClaimMode;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.template.ProvisioningTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;

/**
 * What a fleet needs, for {@link FleetProvisioningAdmin#setUp(FleetSpec)}: the provisioning
 * template, how devices claim (CSR, AWS-made keys, or both), where the claim credentials go, the
 * device policies the template names, and optionally a token exchange role with its role alias.
 *
 * <p>Resource names default to the fleet name plus a suffix ({@code <fleet>-ProvisioningRole},
 * {@code <fleet>-ClaimPolicy}, {@code <fleet>-TokenExchangeRole}, {@code <fleet>-RoleAlias},
 * {@code <fleet>-RoleAliasPolicy}); the template keeps its own name, or takes the fleet name.
 * Immutable; {@link #toBuilder()} gives a copy to change.
 *
 * <pre>{@code
 * FleetSpec spec = FleetSpec.builder()
 *         .fleetName("sensors").accountId("123456789012")
 *         .template(template)
 *         .clientIdPattern("sensor-*")
 *         .devicePolicy("sensors-device", devicePolicy)
 *         .claimCertificate(Path.of("claim"))
 *         .tokenExchangeAccess(IamPolicies.greengrassTokenExchangeAccess())
 *         .build();
 * }</pre>
 */
public final class FleetSpec {

    private final String fleetName;
    private final String accountId;
    private final String partition;
    private final ProvisioningTemplate template;
    private final String templateName;
    private final String templateDescription;
    private final String preProvisioningHookArn;
    private final String provisioningRoleName;
    private final String claimPolicyName;
    private final ClaimMode claimMode;
    private final String clientIdPattern;
    private final Map<String, IotPolicy> devicePolicies;
    private final Path claimStore;
    private final String tokenExchangeAccessJson;
    private final String tokenExchangeRoleName;
    private final String roleAliasName;
    private final String aliasPolicyName;
    private final Duration credentialDuration;

    private FleetSpec(Builder b) {
        this.fleetName = b.fleetName;
        this.accountId = b.accountId;
        this.partition = b.partition;
        this.template = b.template;
        this.templateName = b.templateName != null ? b.templateName
                : b.template.name().orElse(b.fleetName);
        this.templateDescription = b.templateDescription;
        this.preProvisioningHookArn = b.preProvisioningHookArn;
        this.provisioningRoleName = or(b.provisioningRoleName, fleetName + "-ProvisioningRole");
        this.claimPolicyName = or(b.claimPolicyName, fleetName + "-ClaimPolicy");
        this.claimMode = b.claimMode;
        this.clientIdPattern = b.clientIdPattern;
        this.devicePolicies = Map.copyOf(b.devicePolicies);
        this.claimStore = b.claimStore;
        this.tokenExchangeAccessJson = b.tokenExchangeAccessJson;
        this.tokenExchangeRoleName = or(b.tokenExchangeRoleName, fleetName + "-TokenExchangeRole");
        this.roleAliasName = or(b.roleAliasName, fleetName + "-RoleAlias");
        this.aliasPolicyName = or(b.aliasPolicyName, fleetName + "-RoleAliasPolicy");
        this.credentialDuration = b.credentialDuration;
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this spec */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.fleetName = fleetName;
        b.accountId = accountId;
        b.partition = partition;
        b.template = template;
        b.templateName = templateName;
        b.templateDescription = templateDescription;
        b.preProvisioningHookArn = preProvisioningHookArn;
        b.provisioningRoleName = provisioningRoleName;
        b.claimPolicyName = claimPolicyName;
        b.claimMode = claimMode;
        b.clientIdPattern = clientIdPattern;
        b.devicePolicies.putAll(devicePolicies);
        b.claimStore = claimStore;
        b.tokenExchangeAccessJson = tokenExchangeAccessJson;
        b.tokenExchangeRoleName = tokenExchangeRoleName;
        b.roleAliasName = roleAliasName;
        b.aliasPolicyName = aliasPolicyName;
        b.credentialDuration = credentialDuration;
        return b;
    }

    /** @return the fleet name */
    public String fleetName() {
        return fleetName;
    }

    /** @return the AWS account id */
    public String accountId() {
        return accountId;
    }

    /** @return the partition, {@code aws} by default */
    public String partition() {
        return partition;
    }

    /** @return the provisioning template */
    public ProvisioningTemplate template() {
        return template;
    }

    /** @return the template name */
    public String templateName() {
        return templateName;
    }

    /** @return the template description, or empty */
    public String templateDescription() {
        return templateDescription;
    }

    /** @return the pre-provisioning hook (Lambda) ARN, if any */
    public Optional<String> preProvisioningHookArn() {
        return Optional.ofNullable(preProvisioningHookArn);
    }

    /** @return the provisioning role name */
    public String provisioningRoleName() {
        return provisioningRoleName;
    }

    /** @return the claim policy name */
    public String claimPolicyName() {
        return claimPolicyName;
    }

    /** @return how devices get their certificate with the claim */
    public ClaimMode claimMode() {
        return claimMode;
    }

    /** @return the client id pattern claim connections must use, e.g. {@code factory-*} */
    public String clientIdPattern() {
        return clientIdPattern;
    }

    /** @return IoT policies the template refers to by name, made by the set-up */
    public Map<String, IotPolicy> devicePolicies() {
        return devicePolicies;
    }

    /**
     * The credential store directory for a claim certificate; empty for provisioning by trusted
     * user, where claims come from {@link FleetProvisioningAdmin#createProvisioningClaim(FleetSetup, Path)}.
     *
     * @return the directory, or empty
     */
    public Optional<Path> claimStore() {
        return Optional.ofNullable(claimStore);
    }

    /** @return the token exchange role's IAM access policy JSON, if a role alias is wanted */
    public Optional<String> tokenExchangeAccessJson() {
        return Optional.ofNullable(tokenExchangeAccessJson);
    }

    /** @return the token exchange role name */
    public String tokenExchangeRoleName() {
        return tokenExchangeRoleName;
    }

    /** @return the role alias name */
    public String roleAliasName() {
        return roleAliasName;
    }

    /** @return the IoT policy name allowing {@code iot:AssumeRoleWithCertificate} on the alias */
    public String aliasPolicyName() {
        return aliasPolicyName;
    }

    /** @return how long credentials from the role alias last */
    public Duration credentialDuration() {
        return credentialDuration;
    }

    @Override
    public String toString() {
        return "FleetSpec[fleetName=" + fleetName + ", templateName=" + templateName + ", claimMode=" + claimMode
                + ", claimStore=" + claimStore + ", tokenExchange=" + (tokenExchangeAccessJson != null) + "]";
    }

    /** Builds a {@link FleetSpec}. */
    public static final class Builder {
        private String fleetName;
        private String accountId;
        private String partition = "aws";
        private ProvisioningTemplate template;
        private String templateName;
        private String templateDescription = "";
        private String preProvisioningHookArn;
        private String provisioningRoleName;
        private String claimPolicyName;
        private ClaimMode claimMode = ClaimMode.CSR;
        private String clientIdPattern;
        private final Map<String, IotPolicy> devicePolicies = new LinkedHashMap<>();
        private Path claimStore;
        private String tokenExchangeAccessJson;
        private String tokenExchangeRoleName;
        private String roleAliasName;
        private String aliasPolicyName;
        private Duration credentialDuration = RoleAliasAdmin.DEFAULT_CREDENTIAL_DURATION;

        private Builder() {
        }

        /**
         * The fleet name: 1 to 32 characters of {@code [0-9A-Za-z_-]}; prefix of default resource names.
         *
         * @param fleetName the name
         * @return this builder
         */
        public Builder fleetName(String fleetName) {
            this.fleetName = Objects.requireNonNull(fleetName, "fleetName");
            return this;
        }

        /**
         * The 12-digit AWS account id (it goes into policy ARNs).
         *
         * @param accountId the account
         * @return this builder
         */
        public Builder accountId(String accountId) {
            this.accountId = Objects.requireNonNull(accountId, "accountId");
            return this;
        }

        /**
         * The partition, {@code aws} by default.
         *
         * @param partition e.g. {@code aws-cn}
         * @return this builder
         */
        public Builder partition(String partition) {
            this.partition = Objects.requireNonNull(partition, "partition");
            return this;
        }

        /**
         * The provisioning template (required).
         *
         * @param template the template
         * @return this builder
         */
        public Builder template(ProvisioningTemplate template) {
            this.template = Objects.requireNonNull(template, "template");
            return this;
        }

        /**
         * The template name, if not the template's own name or the fleet name.
         *
         * @param templateName 1 to 36 characters of {@code [0-9A-Za-z_-]}
         * @return this builder
         */
        public Builder templateName(String templateName) {
            this.templateName = Objects.requireNonNull(templateName, "templateName");
            return this;
        }

        /**
         * The template description.
         *
         * @param description the text
         * @return this builder
         */
        public Builder templateDescription(String description) {
            this.templateDescription = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * A pre-provisioning hook: the Lambda function AWS IoT calls before provisioning a device.
         *
         * @param lambdaArn the function ARN
         * @return this builder
         */
        public Builder preProvisioningHookArn(String lambdaArn) {
            this.preProvisioningHookArn = Objects.requireNonNull(lambdaArn, "lambdaArn");
            return this;
        }

        /**
         * The provisioning role name.
         *
         * @param roleName the IAM role name
         * @return this builder
         */
        public Builder provisioningRoleName(String roleName) {
            this.provisioningRoleName = Objects.requireNonNull(roleName, "roleName");
            return this;
        }

        /**
         * The claim policy name.
         *
         * @param policyName the IoT policy name
         * @return this builder
         */
        public Builder claimPolicyName(String policyName) {
            this.claimPolicyName = Objects.requireNonNull(policyName, "policyName");
            return this;
        }

        /**
         * How devices get a certificate with the claim; decides the claim policy's topics.
         * {@link ClaimMode#CSR} by default.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder claimMode(ClaimMode mode) {
            this.claimMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The client ids claim connections may use (required; an IoT policy pattern such as
         * {@code sensor-*}, never {@code *}: a claim shared by a whole factory must not connect as
         * any client).
         *
         * @param pattern the pattern
         * @return this builder
         */
        public Builder clientIdPattern(String pattern) {
            this.clientIdPattern = Objects.requireNonNull(pattern, "pattern");
            return this;
        }

        /**
         * An IoT policy the template refers to by name, made by the set-up.
         *
         * @param name the policy name
         * @param policy the policy
         * @return this builder
         */
        public Builder devicePolicy(String name, IotPolicy policy) {
            devicePolicies.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /**
         * Provisioning by claim: a claim certificate (CreateKeysAndCertificate) is made once and
         * written to the credential store in this directory.
         *
         * @param storeDirectory the credential store directory
         * @return this builder
         */
        public Builder claimCertificate(Path storeDirectory) {
            this.claimStore = Objects.requireNonNull(storeDirectory, "storeDirectory");
            return this;
        }

        /**
         * Provisioning by trusted user: no claim certificate is made; a trusted user's app asks for
         * a 5-minute claim with {@link FleetProvisioningAdmin#createProvisioningClaim(FleetSetup, Path)}.
         *
         * @return this builder
         */
        public Builder trustedUserClaims() {
            this.claimStore = null;
            return this;
        }

        /**
         * Asks for a token exchange role with this access policy, a role alias for it and the
         * alias policy.
         *
         * @param accessPolicy the AWS permissions devices get
         * @return this builder
         */
        public Builder tokenExchangeAccess(IamPolicy accessPolicy) {
            return tokenExchangeAccess(Objects.requireNonNull(accessPolicy, "accessPolicy").toJson());
        }

        /**
         * Asks for a token exchange role with this access policy JSON.
         *
         * @param accessPolicyJson the IAM policy JSON
         * @return this builder
         */
        public Builder tokenExchangeAccess(String accessPolicyJson) {
            this.tokenExchangeAccessJson = Objects.requireNonNull(accessPolicyJson, "accessPolicyJson");
            return this;
        }

        /**
         * The token exchange role name.
         *
         * @param roleName the IAM role name
         * @return this builder
         */
        public Builder tokenExchangeRoleName(String roleName) {
            this.tokenExchangeRoleName = Objects.requireNonNull(roleName, "roleName");
            return this;
        }

        /**
         * The role alias name.
         *
         * @param alias the alias
         * @return this builder
         */
        public Builder roleAliasName(String alias) {
            this.roleAliasName = Objects.requireNonNull(alias, "alias");
            return this;
        }

        /**
         * The alias policy name.
         *
         * @param policyName the IoT policy name
         * @return this builder
         */
        public Builder aliasPolicyName(String policyName) {
            this.aliasPolicyName = Objects.requireNonNull(policyName, "policyName");
            return this;
        }

        /**
         * How long credentials from the role alias last (15 minutes to 12 hours; one hour by default).
         *
         * @param duration the duration
         * @return this builder
         */
        public Builder credentialDuration(Duration duration) {
            this.credentialDuration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the spec
         * @throws InvalidInputException naming the first missing or malformed field
         */
        public FleetSpec build() {
            if (fleetName == null) {
                throw new InvalidInputException("fleetName", "is missing", "Call fleetName(..) with a short name.");
            }
            if (!fleetName.matches("[0-9A-Za-z_-]{1,32}")) {
                throw new InvalidInputException("fleetName", "'" + fleetName + "' is not 1 to 32 characters of [0-9A-Za-z_-]",
                        "Use a short name; it prefixes the IAM role and IoT policy names.");
            }
            if (accountId == null || !accountId.matches("\\d{12}")) {
                throw new InvalidInputException("accountId", accountId == null ? "is missing"
                        : "'" + accountId + "' is not a 12-digit account id", "Give the 12-digit AWS account id.");
            }
            if (clientIdPattern == null || clientIdPattern.isEmpty() || clientIdPattern.equals("*")) {
                throw new InvalidInputException("clientIdPattern", clientIdPattern == null || clientIdPattern.isEmpty()
                        ? "is missing" : "'*' lets a claim connect as any client",
                        "Give the client ids devices use while provisioning, e.g. clientIdPattern(\"" + fleetName + "-*\").");
            }
            if (template == null) {
                throw new InvalidInputException("template", "is missing",
                        "Build one with ProvisioningTemplate.builder() or read one with ProvisioningTemplate.fromJson(..).");
            }
            String name = templateName != null ? templateName : template.name().orElse(fleetName);
            if (!name.matches("[0-9A-Za-z_-]{1,36}")) {
                throw new InvalidInputException("templateName", "'" + name + "' is not 1 to 36 characters of [0-9A-Za-z_-]",
                        "Give a template name AWS accepts.");
            }
            long seconds = credentialDuration.getSeconds();
            if (seconds < 900 || seconds > 43200) {
                throw new InvalidInputException("credentialDuration", "must be 15 minutes to 12 hours, was "
                        + credentialDuration, "Use a duration from PT15M to PT12H.");
            }
            if (preProvisioningHookArn != null && !preProvisioningHookArn.startsWith("arn:")) {
                throw new InvalidInputException("preProvisioningHookArn", "'" + preProvisioningHookArn
                        + "' is not an ARN", "Give the Lambda function ARN, arn:aws:lambda:<region>:<account>:function:<name>.");
            }
            for (String roleName : new String[] {provisioningRoleName, tokenExchangeRoleName}) {
                if (roleName != null && !roleName.matches("[\\w+=,.@-]{1,64}")) {
                    throw new InvalidInputException("roleName", "'" + roleName + "' is not an IAM role name",
                            "Use 1 to 64 characters of letters, digits and +=,.@_-.");
                }
            }
            return new FleetSpec(this);
        }
    }
}
